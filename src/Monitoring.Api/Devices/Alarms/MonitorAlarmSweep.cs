using Mediator;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Api.Telemetry;
using Monitoring.Clinical;

namespace Monitoring.Api.Devices.Alarms;

/// <summary>
/// The monitor alarms that silence itself raises, timed on elapsed time (<see cref="ElapsedTimers"/>): <c>monitor-offline</c> when an admission's
/// monitor has sent nothing for <c>monitorOfflineSeconds</c> (and its end when it sends again), and the resolution of
/// acknowledged monitor alerts clear for <c>monitorAutoResolveMinutes</c>. One transaction per admission or alert.
/// </summary>
public sealed class MonitorAlarmSweep(IServiceScopeFactory scopes, TimeProvider clock, ElapsedTimers timers, IConfiguration configuration, FaultLog faults) : BackgroundService
{
    public const string IntervalKey = "Monitoring:Devices:AlarmSweepSeconds";

    private const string Monitors = """
        SELECT m.admission_id AS AdmissionId, m.last_message_at AS LastMessageAt, a.ward_code AS Ward,
               (SELECT COUNT(*) FROM alerts al
                WHERE al.admission_id = m.admission_id AND al.code = 'monitor-offline' AND al.status <> 'resolved' AND al.cleared_at IS NULL) AS OfflineOpen
        FROM admission_monitors m
        JOIN admissions a ON a.id = m.admission_id AND a.discharged_at IS NULL
        """;

    private const string ClearAcknowledged = """
        SELECT id AS Id, ward_code AS Ward, cleared_at AS ClearedAt FROM alerts
        WHERE status = 'acknowledged' AND cleared_at IS NOT NULL AND code LIKE 'monitor-%'
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue(IntervalKey, 5.0));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                faults.Record($"Monitor alarm sweep failed: {exception.GetType().Name}", log => log.LogError(
                    "Monitor alarm sweep failed ({Cause}); it runs again in {Interval}", exception.GetBaseException().Message, interval));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var commands = new List<Mediator.ICommand<int>>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var wards = scope.ServiceProvider.GetRequiredService<WardLookup>();
            var settings = new Dictionary<string, WardSettings>();
            async Task<WardSettings> SettingsOf(string ward) =>
                settings.TryGetValue(ward, out var known) ? known : settings[ward] = await wards.SettingsAsync(ward, cancellationToken);
            // A monitor's last message is marked when this sweep first sees it (every few seconds), not on the feed's hot path.
            var silence = timers.Begin(TimerKind.MonitorSilence);
            foreach (var monitor in await session.QueryAsync<MonitorRow>(Monitors, null, cancellationToken))
            {
                var now = silence.Now(monitor.AdmissionId.ToString(), monitor.LastMessageAt);
                var silent = now - monitor.LastMessageAt >= TimeSpan.FromSeconds((await SettingsOf(monitor.Ward)).MonitorOfflineSeconds);
                if (silent != monitor.OfflineOpen > 0)
                {
                    commands.Add(new ApplyMonitorAlarms.Offline(monitor.AdmissionId, monitor.LastMessageAt, Back: !silent));
                }
            }
            silence.End();
            var cleared = timers.Begin(TimerKind.AutoResolve);
            foreach (var alert in await session.QueryAsync<ClearedRow>(ClearAcknowledged, null, cancellationToken))
            {
                var minutes = (await SettingsOf(alert.Ward)).MonitorAutoResolveMinutes;
                if (cleared.Now(alert.Id.ToString(), alert.ClearedAt) - alert.ClearedAt >= TimeSpan.FromMinutes(minutes))
                {
                    commands.Add(new ApplyMonitorAlarms.AutoResolve(alert.Id, minutes));
                }
            }
            cleared.End();
        }
        // One transaction each: a failure on one patient never holds back another's alarm.
        foreach (var command in commands)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        }
    }

    private sealed record MonitorRow
    {
        public Guid AdmissionId { get; init; }
        public DateTimeOffset LastMessageAt { get; init; }
        public string Ward { get; init; } = "";
        public long OfflineOpen { get; init; }
    }

    private sealed record ClearedRow
    {
        public Guid Id { get; init; }
        public string Ward { get; init; } = "";
        public DateTimeOffset ClearedAt { get; init; }
    }
}
