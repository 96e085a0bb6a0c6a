using Mediator;
using Monitoring.Api.Features.Alerts;

namespace Monitoring.Api.Realtime;

/// <summary>
/// The time-driven half of the rules: escalates alerts nobody has acknowledged and raises
/// observations-overdue. Runs on <see cref="TimeProvider"/> so tests can move time.
/// </summary>
public sealed class AlertClock(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<AlertClock> logger) : BackgroundService
{
    public const string IntervalKey = "Monitoring:AlertClock:IntervalSeconds";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue(IntervalKey, 15.0));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Alert sweep failed; it runs again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SweepAlerts.Candidate> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            candidates = await scope.ServiceProvider.GetRequiredService<SweepAlerts>().FindAsync(cancellationToken);
        }
        // One transaction per alert: a failure on one patient never holds back another's alarm.
        foreach (var candidate in candidates)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepAlerts.Apply(candidate), cancellationToken);
        }
    }
}
