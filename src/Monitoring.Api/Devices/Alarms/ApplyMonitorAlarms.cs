using Mediator;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Clinical;
using Monitoring.Clinical.Devices;

namespace Monitoring.Api.Devices.Alarms;

/// <summary>
/// The alert side of the monitor feed: what the alarm rules saw move becomes alerts, each with its reason (values,
/// duration, ward times, a running naloxone watch or a sedating dose), in one transaction per admission.
/// </summary>
public static class ApplyMonitorAlarms
{
    /// <summary>The moves of one admission's alarms, judged at device time <paramref name="At"/>.</summary>
    public sealed record Command(Guid AdmissionId, IReadOnlyList<AlarmChange> Changes, DateTimeOffset At) : IWriteCommand<int>
    {
        public string? IdempotencyKey => null;
    }

    /// <summary>The admission's monitor has sent nothing since <paramref name="LastMessageAt"/> (server clock), or, when <paramref name="Back"/>, sends again.</summary>
    public sealed record Offline(Guid AdmissionId, DateTimeOffset LastMessageAt, bool Back) : IWriteCommand<int>
    {
        public string? IdempotencyKey => null;
    }

    /// <summary>Acknowledged monitor alerts whose condition has been clear for the ward's auto-resolve time.</summary>
    public sealed record AutoResolve(Guid AlertId, int Minutes) : IWriteCommand<int>
    {
        public string? IdempotencyKey => null;
    }

    public sealed class Handler(DbSession session, AdmissionAccess admissions, WardLookup wards, AlertWriter alerts, TimeProvider clock)
        : ICommandHandler<Command, int>, ICommandHandler<Offline, int>, ICommandHandler<AutoResolve, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await admissions.GetOpenUncheckedAsync(command.AdmissionId, cancellationToken) is not { } admission)
            {
                return 0;
            }
            var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
            var zone = WardZone.Of(settings);
            var doses = await DosesAsync(admission, command.At, settings, zone, cancellationToken);
            var changed = 0;
            foreach (var change in command.Changes)
            {
                var finding = MonitorFindings.Of(change, doses, zone);
                var view = change.Move == AlarmMove.Cleared
                    ? await alerts.ApplyMonitorAsync(admission, change.Code, null, finding.Reason, cancellationToken)
                    : await alerts.ApplyMonitorAsync(admission, change.Code, AlertFinding.From(finding, change.Snapshot.At), null, cancellationToken);
                changed += view is null ? 0 : 1;
            }
            return changed;
        }

        public async ValueTask<int> Handle(Offline command, CancellationToken cancellationToken)
        {
            if (await admissions.GetOpenUncheckedAsync(command.AdmissionId, cancellationToken) is not { } admission)
            {
                return 0;
            }
            var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
            var zone = WardZone.Of(settings);
            var now = clock.GetUtcNow();
            if (command.Back)
            {
                var back = $"Monitor back at {WardTime.Clock(command.LastMessageAt, zone)}.";
                return await alerts.ApplyMonitorAsync(admission, AlertCodes.MonitorOffline, null, back, cancellationToken) is null ? 0 : 1;
            }
            var finding = MonitorFindings.Offline(command.LastMessageAt, now, await DosesAsync(admission, now, settings, zone, cancellationToken), zone);
            return await alerts.ApplyMonitorAsync(admission, AlertCodes.MonitorOffline, AlertFinding.From(finding), null, cancellationToken) is null ? 0 : 1;
        }

        public async ValueTask<int> Handle(AutoResolve command, CancellationToken cancellationToken) =>
            await alerts.ResolveAsync(command.AlertId, null, $"Condition clear for {command.Minutes} min after acknowledgement: resolved by the service.", cancellationToken) is null ? 0 : 1;

        private async Task<MonitorDoseContext> DosesAsync(AdmissionFacts admission, DateTimeOffset at, WardSettings settings, TimeZoneInfo zone, CancellationToken cancellationToken)
        {
            var doses = await DoseFacts.ValidDosesAsync(session, admission.Id, cancellationToken);
            return doses.Count == 0 ? MonitorDoseContext.None : MonitorDoseContext.Of(doses, await DoseFacts.SubstancesAsync(session, admission, cancellationToken), at, settings, zone);
        }
    }
}
