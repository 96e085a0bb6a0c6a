using Mediator;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Errors;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Realtime;

/// <summary>
/// The time-driven half of the rules: escalates alerts nobody has acknowledged and raises
/// observations-overdue. Runs on <see cref="TimeProvider"/> so tests can move time; its timers run on elapsed time (<see cref="ElapsedTimers"/>).
/// </summary>
public sealed class AlertClock(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, FaultLog faults, ILogger<AlertClock> logger) : BackgroundService
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
            catch (StoreUnavailableException unavailable) when (!stoppingToken.IsCancellationRequested)
            {
                // A store fault (disk full, locked, read-only) is logged once with its cause, then counted: no stack per sweep.
                faults.Record($"Alert sweep failed: {unavailable.Fault.Code}", log => log.LogError(
                    "Alert sweep failed ({Cause}); it runs again in {Interval}", unavailable.GetBaseException().Message, interval));
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
