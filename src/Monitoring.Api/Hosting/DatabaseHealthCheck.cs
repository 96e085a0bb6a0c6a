using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitoring.Api.Data;

namespace Monitoring.Api.Hosting;

/// <summary>Ready means the database answers a query and can still make writes durable: a service that cannot store a reading is not ready.</summary>
public sealed class DatabaseHealthCheck(ConnectionFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (factory.GroupCommit?.SyncFailure is { } failure)
        {
            return HealthCheckResult.Unhealthy("Writes are refused: the database's write-ahead log could not be synced to disk. Check the disk, then restart the service.", failure);
        }
        try
        {
            await using var session = new DbSession(factory);
            await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users", null, cancellationToken);
            return HealthCheckResult.Healthy($"{factory.Options.Provider} answers.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"{factory.Options.Provider} does not answer.", exception);
        }
    }
}
