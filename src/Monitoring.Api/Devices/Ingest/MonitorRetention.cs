using Microsoft.Extensions.Options;
using Monitoring.Api.Data;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>
/// Deletes raw samples older than <c>RetentionDays</c> (their minute aggregates stay for the stay) and the
/// keys of messages past the duplicate window, once an hour, one admission at a time so no turn is held long.
/// </summary>
public sealed class MonitorRetention(IServiceScopeFactory scopes, IOptions<DevicesOptions> options, TimeProvider clock, ILogger<MonitorRetention> logger)
    : BackgroundService
{
    private const string Monitored = "SELECT admission_id FROM admission_monitors";

    private const string DeleteSamples = "DELETE FROM monitor_samples WHERE admission_id = @AdmissionId AND observed_at < @Before";

    private const string DeleteMessages = "DELETE FROM monitor_messages WHERE received_at < @Before";

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        var before = now.AddDays(-options.Value.RetentionDays);
        var deleted = 0;
        foreach (var admission in await session.QueryAsync<Guid>(Monitored, null, cancellationToken))
        {
            deleted += await session.ExecuteAsync(DeleteSamples, new { AdmissionId = admission, Before = before }, cancellationToken);
        }
        // Keys are kept a day past the window: a resend at its edge still finds its original.
        await session.ExecuteAsync(DeleteMessages, new { Before = now - (2 * SampleStore.DuplicateWindow) }, cancellationToken);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Monitor sample retention pass failed: {Error}", exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
