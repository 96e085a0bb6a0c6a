using Mediator;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Charting;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Pipeline;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Alerts;

/// <summary>Finds alerts due for escalation and observations overdue, and applies each in its own transaction.</summary>
public sealed class SweepAlerts(DbSession session, WardLookup wards, ChartReader chart, TimeProvider clock)
{
    public sealed record Candidate(Guid? AlertId, Guid? AdmissionId, AlertFinding? Overdue);

    public sealed record Apply(Candidate Candidate) : IWriteCommand<bool>
    {
        public string? IdempotencyKey => null;
    }

    private const string Unacknowledged = """
        SELECT id AS Id, ward_code AS Ward, priority AS Priority, activated_at AS ActivatedAt
        FROM alerts WHERE status = 'active' AND escalated_at IS NULL AND priority IN ('high', 'medium')
        """;

    private const string DueSchedules = """
        SELECT s.admission_id AS AdmissionId, a.ward_code AS Ward, s.next_vitals_due AS NextVitalsDue, s.next_cows_due AS NextCowsDue,
               s.vitals_basis AS VitalsBasis, s.cows_basis AS CowsBasis
        FROM observation_schedule s
        JOIN admissions a ON a.id = s.admission_id AND a.discharged_at IS NULL
        WHERE s.next_vitals_due <= @Now OR s.next_cows_due <= @Now
        """;

    private const string OpenOverdue = """
        SELECT priority AS Priority, severity AS Severity FROM alerts
        WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
        """;

    public async Task<IReadOnlyList<Candidate>> FindAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = new Dictionary<string, WardSettings>();
        async Task<WardSettings> SettingsOf(string ward) =>
            settings.TryGetValue(ward, out var known) ? known : settings[ward] = await wards.SettingsAsync(ward, cancellationToken);

        var candidates = new List<Candidate>();
        foreach (var alert in await session.QueryAsync<AlertRow>(Unacknowledged, null, cancellationToken))
        {
            var priority = alert.Priority == AlertPriorities.High ? AlertPriority.High : AlertPriority.Medium;
            if (Escalation.IsDue(priority, alert.ActivatedAt, now, await SettingsOf(alert.Ward)))
            {
                candidates.Add(new Candidate(alert.Id, null, null));
            }
        }
        foreach (var due in await session.QueryAsync<ScheduleRow>(DueSchedules, new { Now = now }, cancellationToken))
        {
            if (await OverdueFindingAsync(due, await SettingsOf(due.Ward), now, cancellationToken) is { } finding
                && await IsNewOrWorseAsync(session, due.AdmissionId, finding, cancellationToken))
            {
                candidates.Add(new Candidate(null, due.AdmissionId, finding));
            }
        }
        return candidates;
    }

    // Each missed round, and a patient whose state makes a missed round more dangerous, is worse than what the alert shows.
    private async Task<AlertFinding?> OverdueFindingAsync(ScheduleRow due, WardSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var missed = new List<MissedObservation>();
        var dueAt = new Dictionary<string, DateTimeOffset>();
        VitalsView? latestVitals = null;
        if (due.NextVitalsDue is { } vitals && ObservationSchedule.IsOverdue(vitals, now, settings))
        {
            latestVitals = await chart.LatestVitalsAsync(due.AdmissionId, cancellationToken);
            var interval = latestVitals is null ? ObservationScheduler.BaselineWithin : vitals - latestVitals.ObservedAt;
            missed.Add(new MissedObservation("Vital signs", new Due(vitals, due.VitalsBasis ?? ""), ObservationSchedule.MissedRounds(vitals, interval, now, settings)));
            dueAt["vitals"] = vitals;
        }
        if (due.NextCowsDue is { } cows && ObservationSchedule.IsOverdue(cows, now, settings))
        {
            var latestCows = await chart.LatestCowsAsync(due.AdmissionId, cancellationToken);
            var interval = latestCows is null ? ObservationScheduler.BaselineWithin : cows - latestCows.ObservedAt;
            missed.Add(new MissedObservation("COWS", new Due(cows, due.CowsBasis ?? ""), ObservationSchedule.MissedRounds(cows, interval, now, settings)));
            dueAt["cows"] = cows;
        }
        if (missed.Count == 0)
        {
            return null;
        }
        var band = (await chart.LatestCompleteVitalsAsync(due.AdmissionId, cancellationToken))?.News2.Band;
        var finding = ObservationSchedule.Overdue(missed, ObservationSchedule.OverduePriority(band, underWatch: false), settings, WardZone.Of(settings));
        return AlertFinding.From(finding) with { OverdueDue = dueAt };
    }

    private static async Task<bool> IsNewOrWorseAsync(DbSession session, Guid admissionId, AlertFinding finding, CancellationToken cancellationToken)
    {
        var open = await session.QuerySingleOrDefaultAsync<OpenOverdueRow>(OpenOverdue, new { AdmissionId = admissionId }, cancellationToken);
        return open is null || finding.Severity.IsWorseThan(AlertSeverity.Read(open.Severity, open.Priority));
    }

    // Charting may have moved the schedule since the sweep looked: only the same missed due times raise.
    private static bool StillDue(ObservationScheduler.ScheduleRow? schedule, AlertFinding finding) =>
        schedule is not null && (finding.OverdueDue ?? new Dictionary<string, DateTimeOffset>()).All(due => due.Key switch
        {
            "vitals" => schedule.NextVitalsDue == due.Value,
            "cows" => schedule.NextCowsDue == due.Value,
            _ => true,
        });

    public sealed class ApplyHandler(AlertWriter writer, AdmissionAccess admissions, DbSession session) : ICommandHandler<Apply, bool>
    {
        public async ValueTask<bool> Handle(Apply command, CancellationToken cancellationToken)
        {
            var candidate = command.Candidate;
            if (candidate.AlertId is { } alertId)
            {
                return await writer.EscalateAsync(alertId, cancellationToken) is not null;
            }
            // Charting may have happened since the sweep looked: check again inside the transaction.
            var admission = await admissions.GetOpenUncheckedAsync(candidate.AdmissionId!.Value, cancellationToken);
            if (admission is null || !await IsNewOrWorseAsync(session, admission.Id, candidate.Overdue!, cancellationToken)
                || !StillDue(await ObservationScheduler.ReadAsync(session, admission.Id, cancellationToken), candidate.Overdue!))
            {
                return false;
            }
            await writer.RaiseOrRefreshAsync(admission, [candidate.Overdue!], null, cancellationToken);
            return true;
        }
    }

    private sealed record AlertRow
    {
        public Guid Id { get; init; }
        public string Ward { get; init; } = "";
        public string Priority { get; init; } = "";
        public DateTimeOffset ActivatedAt { get; init; }
    }

    private sealed record OpenOverdueRow
    {
        public string Priority { get; init; } = "";
        public string? Severity { get; init; }
    }

    private sealed record ScheduleRow
    {
        public Guid AdmissionId { get; init; }
        public string Ward { get; init; } = "";
        public DateTimeOffset? NextVitalsDue { get; init; }
        public DateTimeOffset? NextCowsDue { get; init; }
        public string? VitalsBasis { get; init; }
        public string? CowsBasis { get; init; }
    }
}
