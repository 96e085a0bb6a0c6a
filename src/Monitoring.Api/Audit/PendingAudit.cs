using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Audit;

/// <summary>
/// Reading a chart must not depend on writing: when a read's audit row cannot be written (disk full,
/// store locked or failing) it waits here, at most <c>Monitoring:Audit:PendingLimit</c> rows, and is written
/// once the store takes writes again. When this queue is full, reads are refused with 503: the audit is
/// never silently lost. Rows keep the time of the read they record.
/// </summary>
public sealed class PendingAudit(ConnectionFactory factory, StoreHealth store, IConfiguration configuration, FaultLog faults) : BackgroundService
{
    public const string LimitKey = "Monitoring:Audit:PendingLimit";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private const int RowsPerCommit = 500;

    private readonly int _limit = Math.Max(0, configuration.GetValue(LimitKey, 10_000));
    private readonly Queue<object> _rows = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Writes the row now, or holds it while the store cannot take it; throws 503 when no more can be held.</summary>
    public async Task WriteOrHoldAsync(DbSession session, string insert, object row, CancellationToken cancellationToken)
    {
        // Rows already waiting go first, and a store known to be faulted is not tried by every read.
        if (store.Fault is null && Count == 0)
        {
            try
            {
                await session.ExecuteAsync(insert, row, cancellationToken);
                return;
            }
            catch (Exception exception) when (factory.Dialect.Fault(exception) is { } fault)
            {
                store.Failed(fault);
                Hold(row, fault);
                return;
            }
        }
        Hold(row, store.Fault ?? StoreFault.Busy);
    }

    private void Hold(object row, StoreFault fault)
    {
        lock (_gate)
        {
            if (_rows.Count >= _limit)
            {
                throw new StoreUnavailableException(fault);
            }
            _rows.Enqueue(row);
        }
        faults.Record($"Audit rows held: {fault.Code}", logger => logger.LogWarning("Audit rows of reads are held in memory (at most {Limit}) until the store takes writes again: {Title}", _limit, fault.Title));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await WriteHeldAsync(stoppingToken) == RowsPerCommit)
                {
                }
            }
            catch (Exception exception) when (factory.Dialect.Fault(exception) is not null && !stoppingToken.IsCancellationRequested)
            {
                // Still faulted: the rows stay, and the next tick tries again.
            }
        }
    }

    private async Task<int> WriteHeldAsync(CancellationToken cancellationToken)
    {
        List<object> batch;
        lock (_gate)
        {
            batch = [.. _rows.Take(RowsPerCommit)];
        }
        if (batch.Count == 0)
        {
            return 0;
        }
        await using (var session = new DbSession(factory))
        {
            await session.BeginAsync(cancellationToken);
            foreach (var row in batch)
            {
                await session.ExecuteAsync(AuditTrail.Insert, row, cancellationToken);
            }
            await session.CommitAsync(cancellationToken);
        }
        store.Succeeded();
        lock (_gate)
        {
            // Only this loop removes rows, and it removes exactly those it wrote (the oldest).
            for (var i = 0; i < batch.Count; i++)
            {
                _rows.Dequeue();
            }
        }
        return batch.Count;
    }
}
