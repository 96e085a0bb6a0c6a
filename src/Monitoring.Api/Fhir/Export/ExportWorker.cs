using Monitoring.Api.Data;

namespace Monitoring.Api.Fhir.Export;

/// <summary>
/// Runs bulk exports in the background, one at a time, oldest first: woken when one is stored, and every few
/// seconds in case another instance stored it. A job whose runner stopped beating (a crash) is taken again.
/// Finished exports older than 24 h are deleted, files and row.
/// </summary>
public sealed class ExportWorker(IServiceScopeFactory scopes, ExportSignal signal, ExportFiles files, TimeProvider clock, ILogger<ExportWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CleanupEvery = TimeSpan.FromMinutes(10);

    private const string Next = """
        SELECT id FROM fhir_exports
        WHERE status = 'accepted' OR (status = 'in-progress' AND (heartbeat_at IS NULL OR heartbeat_at < @StaleBefore))
        ORDER BY requested_at
        """;

    private const string Claim = """
        UPDATE fhir_exports SET status = 'in-progress', heartbeat_at = @Now
        WHERE id = @Id AND (status = 'accepted' OR (status = 'in-progress' AND (heartbeat_at IS NULL OR heartbeat_at < @StaleBefore)))
        """;

    private const string Fail = "UPDATE fhir_exports SET status = 'failed', error = @Error, completed_at = @Now, expires_at = @ExpiresAt WHERE id = @Id";
    private const string Expired = "SELECT id FROM fhir_exports WHERE expires_at < @Now AND status <> 'in-progress'";
    private const string Delete = "DELETE FROM fhir_exports WHERE id = @Id";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var nextCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await CleanUpAsync(stoppingToken);
                    nextCleanup = clock.GetUtcNow() + CleanupEvery;
                }
                while (await ClaimAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, stoppingToken);
                }
                await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The FHIR exporter failed; trying again shortly");
                await signal.WaitAsync(Poll, stoppingToken);
            }
        }
    }

    private async Task<ExportJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        foreach (var id in await session.QueryAsync<Guid>(Next, new { StaleBefore = now - Stale }, cancellationToken))
        {
            if (await session.ExecuteAsync(Claim, new { Id = id, Now = now, StaleBefore = now - Stale }, cancellationToken) == 1)
            {
                return await session.QuerySingleOrDefaultAsync<ExportJob>(ExportSql.Columns + " WHERE id = @Id", new { Id = id }, cancellationToken);
            }
        }
        return null;
    }

    private async Task RunAsync(ExportJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ExportRunner>().RunAsync(job, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Export {Id} of ward {Ward} failed", job.Id, job.WardCode);
            files.Delete(job.Id);
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var now = clock.GetUtcNow();
            await session.ExecuteAsync(Fail, new { job.Id, Error = "The export failed; request it again.", Now = now, ExpiresAt = now + ExportFiles.Lifetime }, cancellationToken);
        }
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        foreach (var id in await session.QueryAsync<Guid>(Expired, new { Now = clock.GetUtcNow() }, cancellationToken))
        {
            files.Delete(id);
            await session.ExecuteAsync(Delete, new { Id = id }, cancellationToken);
        }
    }
}
