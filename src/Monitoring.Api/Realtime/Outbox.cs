using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Data;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Writes ward events in the caller's transaction, numbered per ward. The dispatcher pushes them
/// only after commit, so a dashboard never hears of a change that was rolled back. The events of one
/// transaction are written together just before it commits: one number update per ward and one
/// insert per 32 events, whatever their count (a monitor's batch of readings raises one per reading).
/// </summary>
public sealed class Outbox(DbSession session, OutboxSignal signal, TimeProvider clock, IOptions<JsonOptions> json, MonitoringTelemetry telemetry)
{
    // Fixed texts for 1 to 32 rows, so that each is compiled once on the writer's connection.
    private const int MaxRowsAnInsert = 32;
    private static readonly string[] Inserts = [.. Enumerable.Range(1, MaxRowsAnInsert).Select(InsertOf)];

    // The columns' sizes: a version-00 traceparent, and the tracestate W3C asks every system to keep.
    // Anything longer is not kept, so that telemetry can never fail a clinical write.
    private const int MaxTraceParent = 55;
    private const int MaxTraceState = 512;

    private readonly List<Pending> _pending = [];
    private long _pendingTransaction;

    /// <summary>Adds a ward event to the caller's transaction; it is numbered and written when the transaction commits.</summary>
    public void Enqueue(string ward, string type, Guid? admissionId, AlertView? alert, ObservationSummary? observation)
    {
        if (!session.InTransaction)
        {
            throw new InvalidOperationException("Ward events are written in the transaction of the change that causes them.");
        }
        // Events of an attempt that was rolled back (and is now retried) were never written: they are dropped.
        if (_pendingTransaction != session.TransactionNumber)
        {
            _pending.Clear();
            _pendingTransaction = session.TransactionNumber;
        }
        // The writing span (the command's transaction): its dispatch continues this trace, see OutboxDispatcher.
        var writer = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        _pending.Add(new Pending(ward, type, Guid.CreateVersion7(), clock.GetUtcNow(), admissionId, alert, observation,
            writer?.Id is { Length: <= MaxTraceParent } traceParent ? traceParent : null,
            writer?.TraceStateString is { Length: <= MaxTraceState } state ? state : null));
        session.BeforeCommit(WriteAsync);
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
    }

    // In the order enqueued within each ward: the numbers follow what happened.
    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var pending = _pending.ToList();
        _pending.Clear();
        var rows = new List<Row>(pending.Count);
        // Wards in one order: two transactions numbering the same two wards cannot lock them crosswise (SQL Server).
        foreach (var ward in pending.GroupBy(item => item.Ward).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var count = ward.Count();
            var last = await session.ExecuteScalarAsync<long>(session.Dialect.NextWardSequence, new { Ward = ward.Key, Count = count }, cancellationToken);
            if (last < count)
            {
                throw new InvalidOperationException($"Ward {ward.Key} has no event numbering: its events cannot be written.");
            }
            var sequence = last - count;
            foreach (var item in ward)
            {
                var wardEvent = new WardEvent(++sequence, item.Id, item.Ward, item.Type, item.OccurredAt, item.AdmissionId, item.Alert, item.Observation);
                rows.Add(new Row(wardEvent.Id, wardEvent.Ward, wardEvent.Sequence, wardEvent.Type,
                    JsonSerializer.Serialize(wardEvent, json.Value.SerializerOptions), wardEvent.OccurredAt, item.TraceParent, item.TraceState));
            }
        }
        foreach (var chunk in rows.Chunk(MaxRowsAnInsert))
        {
            await session.ExecuteAsync(Inserts[chunk.Length - 1], Parameters(chunk), cancellationToken);
        }
    }

    private static DynamicParameters Parameters(Row[] rows)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            parameters.Add($"Id{i}", row.Id);
            parameters.Add($"Ward{i}", row.Ward);
            parameters.Add($"Sequence{i}", row.Sequence);
            parameters.Add($"Type{i}", row.Type);
            parameters.Add($"Payload{i}", row.Payload);
            parameters.Add($"CreatedAt{i}", row.CreatedAt);
            parameters.Add($"TraceParent{i}", row.TraceParent);
            parameters.Add($"TraceState{i}", row.TraceState);
        }
        return parameters;
    }

    private static string InsertOf(int rows) =>
        "INSERT INTO outbox (id, ward_code, sequence, type, payload, created_at, trace_parent, trace_state) VALUES " + string.Join(", ", Enumerable.Range(0, rows).Select(i =>
        $"(@Id{i}, @Ward{i}, @Sequence{i}, @Type{i}, @Payload{i}, @CreatedAt{i}, @TraceParent{i}, @TraceState{i})"));

    /// <summary>The insert of <paramref name="rows"/> events, for the T-SQL parse test.</summary>
    internal static string InsertSqlFor(int rows) => Inserts[rows - 1];

    private sealed record Pending(string Ward, string Type, Guid Id, DateTimeOffset OccurredAt, Guid? AdmissionId, AlertView? Alert, ObservationSummary? Observation, string? TraceParent, string? TraceState);

    private sealed record Row(Guid Id, string Ward, long Sequence, string Type, string Payload, DateTimeOffset CreatedAt, string? TraceParent, string? TraceState);
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
