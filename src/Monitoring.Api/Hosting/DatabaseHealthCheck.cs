using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Api.Data;

namespace Monitoring.Api.Hosting;

/// <summary>
/// Ready means the store can take a reading now: the disk has room (<c>Monitoring:Database:MinFreeMegabytes</c>),
/// a real write commits within the write timeout, and no failed fsync has stopped writes. A probe that
/// commits also closes the write breaker (<see cref="StoreHealth"/>) at once.
/// </summary>
public sealed class DatabaseHealthCheck(ConnectionFactory factory, StoreHealth store, TimeProvider clock) : IHealthCheck
{
    private const string Probe = "UPDATE store_probes SET probed_at = @At, probes = probes + 1 WHERE name = 'readiness'";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (factory.GroupCommit?.SyncFailure is { } failure)
        {
            return HealthCheckResult.Unhealthy("Writes are refused: the database's write-ahead log could not be synced to disk. Check the disk, then restart the service.", failure);
        }
        if (FreeMegabytes() is { } free && free < factory.Options.MinFreeMegabytes)
        {
            return HealthCheckResult.Unhealthy($"{StoreFault.DiskFull.Code}: {free} MB free on the database's disk, under {factory.Options.MinFreeMegabytes} MB ({DatabaseOptions.MinFreeMegabytesKey}). Free space on it.");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(factory.Options.WriteTimeout);
            await using var session = new DbSession(factory);
            await session.BeginAsync(timeout.Token);
            await session.ExecuteAsync(Probe, new { At = clock.GetUtcNow().ToUnixTimeMilliseconds() }, timeout.Token);
            await session.CommitAsync(timeout.Token);
            store.Succeeded();
            return HealthCheckResult.Healthy($"{factory.Options.Provider} takes writes.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var fault = factory.Dialect.Fault(exception) ?? (exception is OperationCanceledException ? StoreFault.Busy : StoreFault.Unavailable);
            store.Failed(fault);
            return HealthCheckResult.Unhealthy($"{fault.Code}: {fault.Title} Remedy: {fault.Remedy}.", exception);
        }
    }

    // The embedded file's disk; a database server watches its own.
    private long? FreeMegabytes()
    {
        if (factory.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }
        try
        {
            return new DriveInfo(factory.Options.DataPath).AvailableFreeSpace / (1024 * 1024);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
