using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Devices.Alarms;
using Monitoring.Api.Devices.Pcd01;
using Monitoring.Clinical.Devices;
using Polly.Registry;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>A read and checked report waiting for the writer; answered once its batch is durable, or refused.</summary>
public sealed class PendingReport(ObservationReport report)
{
    private readonly TaskCompletionSource<(Refusal? Refusal, Guid? AdmissionId)> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObservationReport Report { get; } = report;

    public Task<(Refusal? Refusal, Guid? AdmissionId)> Answer => _answer.Task;

    /// <summary>The sender stopped waiting (AE 207 already sent): a report not yet taken is not stored.</summary>
    public void Abandon() => _answer.TrySetCanceled();

    internal bool Abandoned => _answer.Task.IsCompleted;

    internal void Answered(Refusal? refusal, Guid? admissionId) => _answer.TrySetResult((refusal, admissionId));
}

/// <summary>
/// The feed's writer: connections hand their checked reports to a bounded queue (a full queue makes them
/// wait, never drops), and one loop stores every report waiting, up to <see cref="DevicesOptions.BatchMessages"/>,
/// in one transaction of the shared group commit. Admissions are read inside that transaction, so a discharge
/// or transfer committed before it is always seen. Each report is answered only once the commit is durable;
/// the next batch runs while it syncs. A batch that fails on a fault of the store answers AE 207 to all its
/// reports; one that fails otherwise is stored again report by report, so one bad report fails alone.
/// </summary>
public sealed class SampleWriter : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly SqlDialect _dialect;
    private readonly DevicesOptions _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipelineProvider<string> _pipelines;
    private readonly WardSettingsCache _wardSettings;
    private readonly DeviceTelemetry _telemetry;
    private readonly ILogger<SampleWriter> _logger;
    private readonly MonitorAlarmEvaluator _alarms;
    private readonly Channel<PendingReport> _queue;
    private readonly Task _loop;
    private Task _answering = Task.CompletedTask;

    public SampleWriter(IServiceScopeFactory scopes, ConnectionFactory factory, IOptions<DevicesOptions> options, TimeProvider clock,
        ResiliencePipelineProvider<string> pipelines, WardSettingsCache wardSettings, DeviceTelemetry telemetry, MonitorAlarmEvaluator alarms, ILogger<SampleWriter> logger)
    {
        _alarms = alarms;
        (_scopes, _dialect, _options, _clock, _pipelines) = (scopes, factory.Dialect, options.Value, clock, pipelines);
        (_wardSettings, _telemetry, _logger) = (wardSettings, telemetry, logger);
        _queue = Channel.CreateBounded<PendingReport>(new BoundedChannelOptions(Math.Max(1, _options.QueueLength))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the report, waiting while the queue is full; throws <see cref="ChannelClosedException"/> once the service stops.</summary>
    public ValueTask EnqueueAsync(PendingReport pending, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(pending, cancellationToken);

    private async Task RunAsync()
    {
        var limit = Math.Max(1, _options.BatchMessages);
        while (await _queue.Reader.WaitToReadAsync())
        {
            var batch = new List<PendingReport>(Math.Min(limit, _queue.Reader.Count));
            while (batch.Count < limit && _queue.Reader.TryRead(out var pending))
            {
                if (!pending.Abandoned)
                {
                    batch.Add(pending);
                }
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch);
            }
        }
    }

    private async Task WriteAsync(List<PendingReport> batch)
    {
        try
        {
            var written = await StoreAsync(batch);
            // Answered in batch order, each batch after the one before: a connection, and whoever follows the commits, sees them in order.
            _answering = AnswerAsync(_answering, written);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (batch.Count == 1 || IsStoreFault(exception))
            {
                // Never AA what is not durable: the monitor or gateway keeps the message and sends it again.
                _logger.LogWarning("{Count} monitor messages not stored, answered AE 207: {Error}", batch.Count, exception.GetType().Name);
                foreach (var pending in batch)
                {
                    pending.Answered(Refusal.StoreUnavailable(), null);
                }
                return;
            }
            _logger.LogWarning("A batch of {Count} monitor messages failed ({Error}); storing them one by one", batch.Count, exception.GetType().Name);
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
    }

    // The store cannot take writes now (locked, full, failing, stopping): storing report by report would fail as well.
    private bool IsStoreFault(Exception exception) =>
        exception is OperationCanceledException or ObjectDisposedException || _dialect.IsTransient(exception) || _dialect.Fault(exception) is not null;

    private sealed record Outcome(PendingReport Pending, Refusal? Refusal, MonitoredAdmission? Admission, IReadOnlyList<StoredSample> Stored, int Duplicates)
    {
        /// <summary>For a message stored (not a duplicate): what the alarm rules are handed once it is durable.</summary>
        public CommittedMessage? Committed { get; init; }
    }

    private sealed record Written(IReadOnlyList<Outcome> Outcomes, Task Durable, AsyncServiceScope Scope);

    // Runs the batch in the writer's turn and gives the turn up; what comes back is the commit becoming durable.
    private async Task<Written> StoreAsync(List<PendingReport> batch) =>
        await _pipelines.GetPipeline(DatabaseResilience.PipelineName).ExecuteAsync(async cancellationToken =>
        {
            var now = _clock.GetUtcNow();
            var scope = _scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            try
            {
                await session.BeginAsync(cancellationToken);
                var outcomes = _dialect.UpsertsManyRows ? await StoreManyAsync(session, batch, now, cancellationToken) : [];
                if (!_dialect.UpsertsManyRows)
                {
                    var store = new SampleStore(session);
                    foreach (var pending in batch)
                    {
                        outcomes.Add(await StoreOneAsync(store, pending, now, cancellationToken));
                    }
                }
                // Committing even a batch of duplicates waits for the commit that may hold their originals.
                var durable = session.CommitAsync(CancellationToken.None);
                return new Written(outcomes, durable, scope);
            }
            catch
            {
                await session.AbandonAsync();
                await scope.DisposeAsync();
                throw;
            }
        }, CancellationToken.None);

    private async Task<Outcome> StoreOneAsync(SampleStore store, PendingReport pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var report = pending.Report;
        var admission = await store.FindAdmissionAsync(report.Mrn, cancellationToken);
        if (admission is null)
        {
            return new Outcome(pending, Refusal.UnknownPatient("Unknown patient: no open admission has this PID-3"), null, [], 0);
        }
        if (report.Bed.Length > 0 && !string.Equals(report.Bed, admission.BedCode, StringComparison.Ordinal))
        {
            return new Outcome(pending, Refusal.UnknownPatient("Wrong bed: PV1-3 names another bed than the admission's"), admission, [], 0);
        }
        var (samples, deviceTime) = Samples(report, admission, now);
        if (!await store.RecordMessageAsync(report.Header.SendingApplication, report.Header.ControlId, now, cancellationToken))
        {
            return new Outcome(pending, null, admission, [], samples.Count);
        }
        var stored = await store.StoreAsync(admission.Id, samples, now, cancellationToken);
        var previous = await store.TouchMonitorAsync(admission.Id, DeviceId(report), now, cancellationToken);
        return new Outcome(pending, null, admission, stored, samples.Count - stored.Count)
        {
            Committed = new CommittedMessage(admission.Id, samples, deviceTime, now, previous),
        };
    }

    private sealed record Checked(PendingReport Pending, MonitoredAdmission? Admission, Refusal? Refusal, List<StoredSample> Samples, DateTimeOffset? DeviceTime = null)
    {
        public SampleBatchStore.MessageKey Key { get; } = new(Pending.Report.Header.SendingApplication, Pending.Report.Header.ControlId);
    }

    // The same rules as report by report, a statement per table: admissions read in the turn, keys, samples, minutes, monitors.
    private async Task<List<Outcome>> StoreManyAsync(DbSession session, List<PendingReport> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var many = new SampleBatchStore(session);
        var admissions = await many.FindAdmissionsAsync([.. batch.Select(pending => pending.Report.Mrn).Distinct(StringComparer.Ordinal)], cancellationToken);
        var checks = new List<Checked>(batch.Count);
        foreach (var pending in batch)
        {
            var report = pending.Report;
            var admission = admissions.GetValueOrDefault(report.Mrn);
            checks.Add(admission is null
                ? new Checked(pending, null, Refusal.UnknownPatient("Unknown patient: no open admission has this PID-3"), [])
                : report.Bed.Length > 0 && !string.Equals(report.Bed, admission.BedCode, StringComparison.Ordinal)
                    ? new Checked(pending, admission, Refusal.UnknownPatient("Wrong bed: PV1-3 names another bed than the admission's"), [])
                    : Accepted(pending, admission, Samples(report, admission, now)));
        }
        var accepted = checks.Where(check => check.Refusal is null).ToList();
        var fresh = await many.RecordMessagesAsync([.. accepted.Select(check => check.Key).Distinct()], now, cancellationToken);
        // The first copy of a new key in the batch is the message; a later copy is its duplicate. Likewise for a sample.
        var firstCopies = new HashSet<SampleBatchStore.MessageKey>();
        var sampleKeys = new HashSet<(Guid, int, long)>();
        var rows = new List<SampleBatchStore.SampleRow>();
        var monitors = new Dictionary<Guid, string>();
        var owned = new Dictionary<Checked, List<StoredSample>>();
        foreach (var check in accepted.Where(check => fresh.Contains(check.Key) && firstCopies.Add(check.Key)))
        {
            var id = check.Admission!.Id;
            owned[check] = [.. check.Samples.Where(sample => sampleKeys.Add((id, sample.Code, sample.ObservedAt.UtcTicks)))];
            rows.AddRange(owned[check].Select(sample => new SampleBatchStore.SampleRow(id, sample)));
            monitors[id] = DeviceId(check.Pending.Report);
        }
        var stored = await many.StoreSamplesAsync(rows, now, cancellationToken);
        var previous = await many.LastMessagesAsync([.. monitors.Keys], cancellationToken);
        await many.TouchMonitorsAsync([.. monitors.Select(monitor => new SampleBatchStore.MonitorRow(monitor.Key, monitor.Value))], now, cancellationToken);
        return [.. checks.Select(check =>
        {
            if (check.Refusal is not null || !owned.TryGetValue(check, out var mine))
            {
                return new Outcome(check.Pending, check.Refusal, check.Admission, [], check.Samples.Count);
            }
            var id = check.Admission!.Id;
            var isNew = mine.Where(sample => stored.Contains((id, sample.Code, sample.ObservedAt.UtcTicks))).ToList();
            return new Outcome(check.Pending, null, check.Admission, isNew, check.Samples.Count - isNew.Count)
            {
                Committed = new CommittedMessage(id, check.Samples, check.DeviceTime, now, previous.TryGetValue(id, out var at) ? at : null),
            };
        })];
    }

    private async Task AnswerAsync(Task before, Written written)
    {
        Exception? failure = null;
        try
        {
            await written.Durable;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failure = exception;
            _logger.LogWarning("{Count} monitor messages not made durable, answered AE 207: {Error}", written.Outcomes.Count, exception.GetType().Name);
        }
        finally
        {
            await written.Scope.DisposeAsync();
        }
        await before;
        foreach (var outcome in written.Outcomes)
        {
            if (outcome.Refusal is not null || failure is not null)
            {
                outcome.Pending.Answered(outcome.Refusal ?? Refusal.StoreUnavailable(), outcome.Admission?.Id);
                continue;
            }
            _telemetry.Samples("duplicate", outcome.Duplicates);
            _telemetry.Samples("stored", outcome.Stored.Count);
            if (outcome.Committed is { } committed)
            {
                _alarms.Committed(committed);
            }
            outcome.Pending.Answered(null, outcome.Admission!.Id);
        }
    }

    private static Checked Accepted(PendingReport pending, MonitoredAdmission admission, (List<StoredSample> Samples, DateTimeOffset? DeviceTime) read) =>
        new(pending, admission, null, read.Samples, read.DeviceTime);

    // The valid samples to store, and the latest device time the message speaks for: an invalid sample (a probe off)
    // still tells the alarm rules that the monitor sends while a parameter is silent.
    private (List<StoredSample> Samples, DateTimeOffset? DeviceTime) Samples(ObservationReport report, MonitoredAdmission admission, DateTimeOffset now)
    {
        var zone = WardZone.Of(_wardSettings.Of(admission.WardCode, admission.WardSettingsJson));
        var samples = new List<StoredSample>(report.Numerics.Count);
        DateTimeOffset? deviceTime = null;
        _telemetry.Samples("skipped", report.SkippedObservations);
        foreach (var numeric in report.Numerics)
        {
            // The reader has checked that every numeric's time reads.
            var time = DeviceTimes.Parse(numeric.Time, zone)!.Value;
            var timeFault = DeviceTimes.Check(time.At, now, admission.AdmittedAt);
            if (timeFault == SampleTimeFault.None && (deviceTime is null || time.At > deviceTime))
            {
                deviceTime = time.At.ToUniversalTime();
            }
            var (sample, fault) = SampleValidity.Map(numeric.Code, numeric.Value, numeric.Number, numeric.UnitIdentifier, numeric.UnitText, numeric.Status, numeric.Flags, _options.AcceptStatusX);
            if (sample is null)
            {
                _telemetry.Samples($"invalid.{fault}", 1);
                continue;
            }
            if (timeFault != SampleTimeFault.None)
            {
                _telemetry.Samples($"dropped.{timeFault}", 1);
                continue;
            }
            samples.Add(new StoredSample(sample.Code, sample.Row.Parameter, time.At.ToUniversalTime(), sample.Value, time.ZoneAssumed));
        }
        return (samples, deviceTime);
    }

    // The equipment instance (OBX-18) when the device names itself, else the sending application (MSH-3).
    private static string DeviceId(ObservationReport report)
    {
        var id = report.Numerics.Select(n => n.EquipmentId).FirstOrDefault(e => e.Length > 0) ?? report.Header.SendingApplication;
        return id.Length > 199 ? id[..199] : id;
    }

    /// <summary>At stop, after the connections have answered what they had in hand: what is queued is stored and answered.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _answering;
    }
}
