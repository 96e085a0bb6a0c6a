using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Sends committed ward events to each ward's dashboards in sequence order, then marks them sent.
/// At least once: a crash between send and mark resends on start-up, and clients drop the twin by id.
/// It also sends, on start, whatever a previous process committed but never sent. With several
/// instances only the holder of the <see cref="DispatchLease"/> sends; the others stand by.
/// </summary>
public sealed class OutboxDispatcher(
    ConnectionFactory factory,
    DispatchLease lease,
    MonitoringTelemetry telemetry,
    WardBoards boards,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<JsonOptions> json,
    IConfiguration configuration,
    FaultLog faults,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string PollKey = "Monitoring:Outbox:PollMilliseconds";

    private const int BatchSize = 500;

    // A safety net: a missed wake-up (or another instance's commit without Redis) is picked up within this.
    private readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue(PollKey, 500), 50, 60_000));

    // How often an instance without the lease checks whether the holder has gone.
    private static readonly TimeSpan StandbyInterval = TimeSpan.FromSeconds(1);

    private const string Unsent = """
        SELECT ward_code AS Ward, sequence AS Sequence, payload AS Payload, trace_parent AS TraceParent, trace_state AS TraceState
        FROM outbox WHERE sent_at IS NULL ORDER BY ward_code, sequence
        """;

    private const string MarkSent = """
        UPDATE outbox SET sent_at = @SentAt WHERE ward_code = @Ward AND sequence <= @UpTo AND sent_at IS NULL
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await lease.HoldAsync(stoppingToken))
                {
                    await Task.Delay(StandbyInterval, stoppingToken);
                    continue;
                }
                while (await DispatchBatchAsync(stoppingToken) == BatchSize && await lease.HoldAsync(stoppingToken))
                {
                }
                await signal.WaitAsync(_pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                var cause = factory.Dialect.Fault(exception);
                faults.Record($"Dispatching ward events failed: {cause?.Code ?? exception.GetType().Name}", log => log.LogError(
                    cause is null ? exception : null, "Dispatching ward events failed ({Cause}); retrying every second", exception.GetBaseException().Message));
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
        await ReleaseLeaseAsync();
    }

    private async Task ReleaseLeaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await lease.ReleaseAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Data.Common.DbException)
        {
            // The lease then expires on its own.
            logger.LogWarning(exception, "Could not release the dispatch lease");
        }
    }

    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var session = new DbSession(factory);
        var rows = await session.QueryAsync<Row>(factory.Dialect.Top(BatchSize, Unsent), null, cancellationToken);
        if (rows.Count == 0)
        {
            telemetry.OutboxLag(TimeSpan.Zero);
            return 0;
        }
        // Rows can be visible a moment before their commit's fsync ends (WalSync): nothing is sent before it is durable.
        await session.DurableAsync();
        // Started after the query so that an idle poll, twice a second, leaves no span.
        using var batch = MonitoringTelemetry.Source.StartActivity(MonitoringTelemetry.DispatchBatchSpan);
        batch?.SetTag(MonitoringTelemetry.Tags.Events, rows.Count);
        var lag = TimeSpan.Zero;
        foreach (var row in rows)
        {
            var wardEvent = JsonSerializer.Deserialize<WardEvent>(row.Payload, json.Value.SerializerOptions)!;
            lag = TimeSpan.FromTicks(Math.Max(lag.Ticks, (clock.GetUtcNow() - wardEvent.OccurredAt).Ticks));
            using (StartDispatch(row, wardEvent, batch))
            {
                // Queued per board, never awaited: a board that stops reading cannot hold up the others.
                boards.PublishEverywhere(wardEvent, row.Payload);
            }
            telemetry.EventDelivered(wardEvent.Type, clock.GetUtcNow() - wardEvent.OccurredAt);
        }
        telemetry.OutboxLag(lag);
        // One write per pass, whatever the number of wards: each write is a turn of the single writer.
        var sentAt = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        foreach (var ward in rows.GroupBy(row => row.Ward))
        {
            await session.ExecuteAsync(MarkSent, new { SentAt = sentAt, Ward = ward.Key, UpTo = ward.Max(row => row.Sequence) }, cancellationToken);
        }
        await session.CommitAsync(cancellationToken);
        return rows.Count;
    }

    // One span per event, whose parent is the transaction that wrote it (its context is kept in the
    // outbox row). Trace backends build the tree from parents only, so this is what shows a reading's
    // POST -> transaction -> dispatch as one trace, even when another instance sends it later. Linking
    // instead (OpenTelemetry's convention for batches) would leave every dispatch in a trace of its own,
    // reachable only by following the link; so the link goes the other way, from each event to the pass
    // that sent it. An event written outside any trace (or before its context was kept) is a child of the pass.
    private static Activity? StartDispatch(Row row, WardEvent wardEvent, Activity? batch)
    {
        var written = ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var context) ? context : default;
        ActivityLink[]? links = written != default && batch is not null ? [new ActivityLink(batch.Context)] : null;
        var activity = MonitoringTelemetry.Source.StartActivity(MonitoringTelemetry.DispatchSpan, ActivityKind.Producer, written, links: links);
        activity?.SetTag(MonitoringTelemetry.Tags.Ward, wardEvent.Ward);
        activity?.SetTag(MonitoringTelemetry.Tags.Sequence, wardEvent.Sequence);
        activity?.SetTag(MonitoringTelemetry.Tags.EventType, wardEvent.Type);
        activity?.SetTag(MonitoringTelemetry.Tags.EventId, wardEvent.Id.ToString());
        return activity;
    }

    private sealed record Row
    {
        public string Ward { get; init; } = "";
        public long Sequence { get; init; }
        public string Payload { get; init; } = "";
        public string? TraceParent { get; init; }
        public string? TraceState { get; init; }
    }
}
