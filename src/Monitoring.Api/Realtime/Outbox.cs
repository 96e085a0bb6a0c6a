using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Writes ward events in the caller's transaction, numbered per ward. The dispatcher pushes them
/// only after commit, so a dashboard never hears of a change that was rolled back.
/// </summary>
public sealed class Outbox(DbSession session, OutboxSignal signal, TimeProvider clock, IOptions<JsonOptions> json, MonitoringTelemetry telemetry)
{
    private const string Insert = """
        INSERT INTO outbox (id, ward_code, sequence, type, payload, created_at, trace_parent, trace_state)
        VALUES (@Id, @Ward, @Sequence, @Type, @Payload, @CreatedAt, @TraceParent, @TraceState)
        """;

    // The columns' sizes: a version-00 traceparent, and the tracestate W3C asks every system to keep.
    // Anything longer is not kept, so that telemetry can never fail a clinical write.
    private const int MaxTraceParent = 55;
    private const int MaxTraceState = 512;

    public async Task<WardEvent> EnqueueAsync(string ward, string type, Guid? admissionId, AlertView? alert, ObservationSummary? observation, CancellationToken cancellationToken)
    {
        if (!session.InTransaction)
        {
            throw new InvalidOperationException("Ward events are written in the transaction of the change that causes them.");
        }
        var sequence = await session.ExecuteScalarAsync<long>(session.Dialect.NextWardSequence, new { Ward = ward }, cancellationToken);
        var wardEvent = new WardEvent(sequence, Guid.CreateVersion7(), ward, type, clock.GetUtcNow(), admissionId, alert, observation);
        // The writing span (the command's transaction): its dispatch continues this trace, see OutboxDispatcher.
        var writer = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        await session.ExecuteAsync(Insert, new
        {
            wardEvent.Id,
            Ward = ward,
            Sequence = sequence,
            Type = type,
            Payload = JsonSerializer.Serialize(wardEvent, json.Value.SerializerOptions),
            CreatedAt = wardEvent.OccurredAt,
            TraceParent = writer?.Id is { Length: <= MaxTraceParent } traceParent ? traceParent : null,
            TraceState = writer?.TraceStateString is { Length: <= MaxTraceState } state ? state : null,
        }, cancellationToken);
        session.AfterCommit(signal.Wake);
        // Counted once committed: a rolled-back reading or alert never happened.
        if (type == WardEventTypes.ObservationRecorded && observation is not null)
        {
            session.AfterCommit(() => telemetry.ReadingCharted(observation.Kind));
        }
        else if (type == WardEventTypes.AlertRaised && alert is not null)
        {
            session.AfterCommit(() => telemetry.AlertRaised(alert.Code, alert.Priority));
        }
        return wardEvent;
    }
}

/// <summary>
/// Wakes the dispatcher the moment a transaction with events commits. With several instances the
/// dispatcher may run on another one: <see cref="Broadcast"/> (set when they share Redis) tells them too.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);
    private int _awake;

    public Action? Broadcast { get; set; }

    public void Wake()
    {
        WakeHere();
        Broadcast?.Invoke();
    }

    // Already awake: one pass sends everything committed so far. (Checked here, not by catching the
    // semaphore's "full" exception, which under load was thrown for nearly every reading.)
    public void WakeHere()
    {
        if (Interlocked.Exchange(ref _awake, 1) == 0)
        {
            _pending.Release();
        }
    }

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var woken = await _pending.WaitAsync(timeout, cancellationToken);
        if (woken)
        {
            // Cleared before the pass reads the outbox: a commit from now on wakes the next pass.
            Volatile.Write(ref _awake, 0);
        }
        return woken;
    }
}
