using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>
/// The service's own meters and spans, read in-process with a <see cref="MeterListener"/> and an
/// <see cref="ActivityListener"/> while the real composition runs.
/// </summary>
[NonParallelizable]
public sealed class TelemetryTests
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private MeterListener _listener = null!;
    private ActivityListener _spanListener = null!;
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Monitoring")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        // The sources an OpenTelemetry tracer with AddAspNetCoreInstrumentation and AddSource("Monitoring") listens to.
        _spanListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Monitoring" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_spanListener);
        _service = await InProcessService.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        _listener.Dispose();
        _spanListener.Dispose();
    }

    [Test]
    public async Task Charting_an_alarm_counts_the_reading_the_alert_the_delivery_and_the_connection()
    {
        using var patient = await _service.NewWardWithPatientAsync("TEL", admittedAgo: TimeSpan.FromHours(1));
        var (ward, nurse, admission) = (patient.Ward, patient.Nurse, patient.Admission);
        var token = nurse.DefaultRequestHeaders.Authorization!.Parameter!;

        await using var board = new WardListener(_service.BaseAddress, token);
        await board.JoinAsync(ward);
        await InProcessService.PostOkAsync(nurse, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), respiratoryRate = 7, sedation = "3" });
        await board.WaitForAsync(e => (string?)e["type"] == "alertRaised", TimeSpan.FromSeconds(15));
        using var anonymous = _service.CreateClient();
        using (var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = $"nurse-{ward}", password = "wrong-password-123" }))
        {
            Assert.That(refused.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        }
        _listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(Sum("monitoring.readings.charted", ("kind", "vitals")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.alerts.raised", ("code", "respiratory-depression"), ("priority", "high")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Count("monitoring.ward_events.delivery", ("type", "alertRaised")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.hub.connections"), Is.GreaterThanOrEqualTo(1), "the board is connected");
            Assert.That(Sum("monitoring.sign_in.failures"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Count("monitoring.outbox.lag"), Is.GreaterThanOrEqualTo(1));
            // The SQLite writer's instruments, on the host's meter factory.
            Assert.That(Count("monitoring.db.turn.wait"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Count("monitoring.db.turn.held"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.db.batch.writes"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.db.sync.commits"), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task A_readings_events_are_dispatched_in_the_trace_of_its_post_under_its_transaction()
    {
        using var patient = await _service.NewWardWithPatientAsync("TRC", admittedAgo: TimeSpan.FromHours(1));
        var (ward, nurse, admission) = (patient.Ward, patient.Nurse, patient.Admission);
        await using var board = new WardListener(_service.BaseAddress, nurse.DefaultRequestHeaders.Authorization!.Parameter!);
        await board.JoinAsync(ward);

        var (caller, status, answer) = await SendTracedAsync(nurse, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), respiratoryRate = 7, sedation = "3" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), answer);
        var reading = (string)JsonNode.Parse(answer)!["id"]!;
        var raised = await board.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["observationId"] == reading, TimeSpan.FromSeconds(15));
        var recorded = await board.WaitForAsync(e => (string?)e["type"] == "observationRecorded" && (string?)e["observation"]!["id"] == reading, TimeSpan.FromSeconds(15));

        var server = await ServerSpanOfAsync(caller);
        foreach (var wardEvent in new[] { raised, recorded })
        {
            var dispatch = await SpanAsync(span => span.OperationName == "monitoring.dispatch" && Equals(span.GetTagItem("monitoring.ward"), ward)
                && Equals(span.GetTagItem("monitoring.ward_event.sequence"), (long)wardEvent["sequence"]!));
            var ancestors = Ancestors(dispatch).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(dispatch.TraceId, Is.EqualTo(server.TraceId), $"{wardEvent["type"]} is dispatched in the POST's trace");
                Assert.That(dispatch.Kind, Is.EqualTo(ActivityKind.Producer));
                Assert.That(dispatch.TraceStateString, Is.EqualTo("ward-tests=vitals"), "the caller's tracestate travels with the event");
                Assert.That(dispatch.GetTagItem("monitoring.ward_event.type"), Is.EqualTo((string)wardEvent["type"]!));
                Assert.That(ancestors.Select(span => span.OperationName), Is.EqualTo(new[] { "monitoring.transaction RecordVitals.Command", "Microsoft.AspNetCore.Hosting.HttpRequestIn" }),
                    "dispatch -> transaction -> POST");
                Assert.That(ancestors[^1], Is.SameAs(server));
                Assert.That(ancestors[0].GetTagItem("monitoring.command"), Is.EqualTo("RecordVitals.Command"));
                Assert.That(ancestors[0].GetTagItem("monitoring.transaction.outcome"), Is.EqualTo("committed"));
                Assert.That(dispatch.Links.Select(link => link.Context.TraceId), Is.Not.Empty.And.Not.Contains(server.TraceId), "linked to the dispatcher's pass, a trace of its own");
            });
        }
    }

    [Test]
    public async Task A_tracestate_longer_than_its_column_is_left_out_of_the_outbox_row_not_the_write()
    {
        using var admin = await _service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        var ward = "LTS" + Random.Shared.Next(1000, 9999);
        await InProcessService.PostOkAsync(admin, "/api/wards", new { code = ward, name = "Long state", beds = new[] { $"{ward}-01" } });
        var writers = new List<ActivityContext>();
        foreach (var traceState in new[] { "short=kept", string.Join(",", Enumerable.Range(0, 32).Select(n => $"vendor{n:00}={new string('x', 20)}")) })
        {
            // A writing span as any code of the service might start it: .NET's own propagator caps what a request brings in.
            using var writer = new Activity("writer").SetIdFormat(ActivityIdFormat.W3C).SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
            writer.TraceStateString = traceState;
            await using var scope = _service.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(CancellationToken.None);
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(ward, WardEventTypes.CensusChanged, null, null, null);
            await session.CommitAsync(CancellationToken.None);
            session.RaiseCommitted();
            writers.Add(writer.Context);
        }

        var kept = await SpanAsync(span => span.OperationName == "monitoring.dispatch" && span.ParentSpanId == writers[0].SpanId);
        var cut = await SpanAsync(span => span.OperationName == "monitoring.dispatch" && span.ParentSpanId == writers[1].SpanId);
        Assert.Multiple(() =>
        {
            Assert.That(kept.TraceStateString, Is.EqualTo("short=kept"));
            Assert.That(cut.TraceId, Is.EqualTo(writers[1].TraceId), "still in the writer's trace");
            Assert.That(cut.TraceStateString, Is.Null);
        });
    }

    [Test]
    public async Task The_transaction_span_says_whether_the_command_committed_replayed_or_was_refused()
    {
        using var patient = await _service.NewWardWithPatientAsync("OUT", admittedAgo: TimeSpan.FromHours(1));
        var (ward, nurse, admission) = (patient.Ward, patient.Nurse, patient.Admission);
        var vitals = new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), respiratoryRate = 16 };
        var key = Guid.NewGuid().ToString("N");

        var (first, firstStatus, _) = await SendTracedAsync(nurse, $"/api/admissions/{admission}/vitals", vitals, key);
        var (replay, replayStatus, _) = await SendTracedAsync(nurse, $"/api/admissions/{admission}/vitals", vitals, key);
        var (refusal, refusalStatus, _) = await SendTracedAsync(nurse, $"/api/observations/{Guid.NewGuid()}/entered-in-error", new { reason = "wrong patient" });

        Assert.That((firstStatus, replayStatus, refusalStatus), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.NotFound)));
        var spans = new List<Activity>();
        foreach (var caller in new[] { first, replay, refusal })
        {
            spans.Add(await TransactionOfAsync(caller));
        }
        Assert.Multiple(() =>
        {
            Assert.That(spans.Select(span => span.DisplayName), Is.EqualTo(new[] { "monitoring.transaction RecordVitals.Command", "monitoring.transaction RecordVitals.Command", "monitoring.transaction MarkEnteredInError.Command" }));
            Assert.That(spans.Select(span => span.GetTagItem("monitoring.transaction.outcome")), Is.EqualTo(new[] { "committed", "replayed", "refused" }));
            Assert.That(spans.Select(span => span.GetTagItem("monitoring.transaction.attempts")), Is.EqualTo(new[] { 1, 1, 1 }));
            Assert.That(spans.Select(span => span.Status), Is.All.EqualTo(ActivityStatusCode.Unset), "a 404 is an answer, not a failure");
        });
    }

    [Test]
    public async Task An_event_is_dispatched_under_the_context_its_outbox_row_keeps_whoever_wrote_it()
    {
        // Rows as another instance writes them (with the context of its transaction) and as rows from
        // before the context was kept look (without): the dispatch depends on the row alone.
        var ward = "ELS" + Random.Shared.Next(1000, 9999);
        var writer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var json = _service.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await using (var session = new DbSession(_service.Services.GetRequiredService<ConnectionFactory>()))
        {
            foreach (var (sequence, traceParent) in new[] { (1L, $"00-{writer.TraceId}-{writer.SpanId}-01"), (2L, (string?)null) })
            {
                var wardEvent = new WardEvent(sequence, Guid.CreateVersion7(), ward, WardEventTypes.CensusChanged, DateTimeOffset.UtcNow, null, null, null);
                await session.ExecuteAsync(
                    "INSERT INTO outbox (id, ward_code, sequence, type, payload, created_at, trace_parent) VALUES (@Id, @Ward, @Sequence, @Type, @Payload, @CreatedAt, @TraceParent)",
                    new { wardEvent.Id, Ward = ward, Sequence = sequence, wardEvent.Type, Payload = JsonSerializer.Serialize(wardEvent, json), CreatedAt = wardEvent.OccurredAt, TraceParent = traceParent },
                    CancellationToken.None);
            }
        }
        _service.Services.GetRequiredService<OutboxSignal>().Wake();

        var continued = await SpanAsync(span => span.OperationName == "monitoring.dispatch" && Equals(span.GetTagItem("monitoring.ward"), ward) && Equals(span.GetTagItem("monitoring.ward_event.sequence"), 1L));
        var orphan = await SpanAsync(span => span.OperationName == "monitoring.dispatch" && Equals(span.GetTagItem("monitoring.ward"), ward) && Equals(span.GetTagItem("monitoring.ward_event.sequence"), 2L));
        var pass = await SpanAsync(span => span.OperationName == "monitoring.dispatch.batch" && span.SpanId == orphan.ParentSpanId);
        Assert.Multiple(() =>
        {
            Assert.That((continued.TraceId, continued.ParentSpanId), Is.EqualTo((writer.TraceId, writer.SpanId)), "child of the writing transaction");
            Assert.That(continued.Links.Select(link => link.Context.SpanId), Is.EqualTo(new[] { pass.SpanId }), "linked to the pass that sent it");
            Assert.That(orphan.TraceId, Is.EqualTo(pass.TraceId), "without a stored context: a child of the pass");
            Assert.That(orphan.Links, Is.Empty);
            Assert.That(pass.GetTagItem("monitoring.events"), Is.GreaterThanOrEqualTo(2));
        });
    }

    // The caller's context, as an instrumented client or gateway sends it: it tells this request's server span from the others.
    private static async Task<(ActivityContext Caller, HttpStatusCode Status, string Body)> SendTracedAsync(HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");
        request.Headers.Add("tracestate", "ward-tests=vitals");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await client.SendAsync(request);
        return (caller, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The server span stops just after the response is written: it is waited for.
    private Task<Activity> ServerSpanOfAsync(ActivityContext caller) =>
        SpanAsync(span => span.Source.Name == "Microsoft.AspNetCore" && span.Kind == ActivityKind.Server && span.TraceId == caller.TraceId && span.ParentSpanId == caller.SpanId);

    private async Task<Activity> TransactionOfAsync(ActivityContext caller)
    {
        var server = await ServerSpanOfAsync(caller);
        return await SpanAsync(span => span.Source.Name == "Monitoring" && span.TraceId == server.TraceId && span.ParentSpanId == server.SpanId);
    }

    // The recorded parents of a span, nearest first, as a trace backend would join them by span id.
    private IEnumerable<Activity> Ancestors(Activity span)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            var found = _spans.FirstOrDefault(candidate => candidate.TraceId == span.TraceId && candidate.SpanId == parent);
            if (found is null)
            {
                yield break;
            }
            yield return found;
            parent = found.ParentSpanId;
        }
    }

    // Spans are recorded when they stop, which may be just after the answer or push the test has seen.
    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No such span among {_spans.Count}: {string.Join(", ", _spans.Select(span => span.OperationName).Distinct())}");
            }
            await Task.Delay(50);
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));

    private IEnumerable<double> Values(string instrument, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(tag => Equals(m.Tags.GetValueOrDefault(tag.Key)?.ToString(), tag.Value))).Select(m => m.Value);

    private double Sum(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Sum();

    private int Count(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Count();
}
