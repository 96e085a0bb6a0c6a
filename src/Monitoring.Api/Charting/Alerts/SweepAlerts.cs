using Mediator;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>Finds alerts due for escalation and observations overdue, and applies each in its own transaction.</summary>
public sealed class SweepAlerts(DbSession session, WardLookup wards, ChartReader chart, AdmissionAccess admissions, ElapsedTimers timers)
{
    public sealed record Candidate(Guid? AlertId, Guid? AdmissionId, AlertFinding? Overdue);

    public sealed record Apply(Candidate Candidate) : IWriteCommand<bool>
    {
        public string? IdempotencyKey => null;
    }

    private const string Unacknowledged = """
        SELECT id AS Id, ward_code AS Ward, priority AS Priority, activated_at AS ActivatedAt
        FROM alerts WHERE status = 'active' AND escalated_at IS NULL AND cleared_at IS NULL AND priority IN ('high', 'medium')
        """;

    // Every row, due or not: each due time's timer is marked when first seen, so a later step of the wall clock cannot move it.
    private const string Schedules = """
        SELECT s.admission_id AS AdmissionId, a.ward_code AS Ward, s.kind AS Kind, s.next_due AS NextDue, s.basis AS Basis
        FROM observation_schedules s
        JOIN admissions a ON a.id = s.admission_id AND a.discharged_at IS NULL
        ORDER BY s.admission_id, s.kind
        """;

    private const string OpenOverdue = """
        SELECT priority AS Priority, severity AS Severity FROM alerts
        WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
        """;

    // Why the round was missed, when a nurse said so after the last observation of that kind.
    private const string LatestNotDone = """
        SELECT at AS At, reason AS Reason, note AS Note FROM observations_not_done
        WHERE admission_id = @AdmissionId AND kind = @Kind AND at > @Since
        ORDER BY at DESC, recorded_at DESC
        """;

    // An alert whose condition has cleared no longer makes a missed round urgent.
    private const string OpenUrgent = """
        SELECT COUNT(*) FROM alerts
        WHERE admission_id = @AdmissionId AND code IN @Codes AND status <> 'resolved' AND cleared_at IS NULL
        """;

    public async Task<IReadOnlyList<Candidate>> FindAsync(CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, WardSettings>();
        async Task<WardSettings> SettingsOf(string ward) =>
            settings.TryGetValue(ward, out var known) ? known : settings[ward] = await wards.SettingsAsync(ward, cancellationToken);

        var candidates = new List<Candidate>();
        var escalations = timers.Begin(TimerKind.Escalation);
        foreach (var alert in await session.QueryAsync<AlertRow>(Unacknowledged, null, cancellationToken))
        {
            var priority = alert.Priority == AlertPriorities.High ? AlertPriority.High : AlertPriority.Medium;
            var now = escalations.Now(alert.Id.ToString(), alert.ActivatedAt);
            if (Escalation.IsDue(priority, alert.ActivatedAt, now, await SettingsOf(alert.Ward)))
            {
                candidates.Add(new Candidate(alert.Id, null, null));
            }
        }
        escalations.End();
        var overdue = timers.Begin(TimerKind.Overdue);
        foreach (var admission in (await session.QueryAsync<ScheduleRow>(Schedules, null, cancellationToken)).GroupBy(row => row.AdmissionId))
        {
            var rows = admission.Select(row => row with { Now = overdue.Now($"{row.AdmissionId}/{row.Kind}", row.NextDue, past: false) }).ToList();
            var settingsOfWard = await SettingsOf(rows[0].Ward);
            if (rows.Any(row => ObservationSchedule.IsOverdue(row.NextDue, row.Now, settingsOfWard))
                && await OverdueFindingAsync(admission.Key, rows, settingsOfWard, cancellationToken) is { } finding
                && await IsNewOrWorseAsync(session, admission.Key, finding, cancellationToken))
            {
                candidates.Add(new Candidate(null, admission.Key, finding));
            }
        }
        overdue.End();
        return candidates;
    }

    // Each missed round, and a patient whose state makes a missed round more dangerous, is worse than what the alert shows.
    private async Task<AlertFinding?> OverdueFindingAsync(Guid admissionId, IReadOnlyList<ScheduleRow> rows, WardSettings settings, CancellationToken cancellationToken)
    {
        // Rows marked at different times may disagree after a step: the watch is judged on the earliest, which keeps it longest.
        var now = rows.Min(row => row.Now);
        var missed = new List<MissedObservation>();
        var dueAt = new Dictionary<string, DateTimeOffset>();
        foreach (var due in rows.OrderBy(row => ObservationScheduler.DisplayOrder(row.Kind)))
        {
            if (!ObservationSchedule.IsOverdue(due.NextDue, due.Now, settings))
            {
                continue;
            }
            DateTimeOffset? last = due.Kind == ObservationScheduler.VitalsKind
                ? (await chart.LatestVitalsAsync(admissionId, cancellationToken))?.ObservedAt
                : (await chart.LatestAssessmentAsync(admissionId, due.Kind, cancellationToken))?.ObservedAt;
            var interval = last is { } observed ? due.NextDue - observed : ObservationScheduler.BaselineWithin;
            var notDone = (await session.QueryAsync<NotDoneRow>(LatestNotDone, new { AdmissionId = admissionId, due.Kind, Since = last ?? DateTimeOffset.MinValue }, cancellationToken)).FirstOrDefault();
            missed.Add(new MissedObservation(ObservationScheduler.NameOf(due.Kind), new Due(due.NextDue, due.Basis), ObservationSchedule.MissedRounds(due.NextDue, interval, due.Now, settings),
                notDone is null ? null : new NotDone(notDone.At, notDone.Reason, notDone.Note)));
            dueAt[due.Kind] = due.NextDue;
        }
        if (missed.Count == 0)
        {
            return null;
        }
        var band = (await chart.LatestCompleteVitalsAsync(admissionId, cancellationToken))?.News2.Band;
        // A missed check during the re-sedation watch after naloxone is urgent.
        var watch = await admissions.GetOpenUncheckedAsync(admissionId, cancellationToken) is { } admission
            && await DoseFacts.InWatchAsync(session, admission, now, settings, cancellationToken);
        var urgent = watch
            || missed.Any(m => ObservationSchedule.IsSedationRecheck(m.Due.Basis))
            || await session.ExecuteScalarAsync<long>(OpenUrgent, new { AdmissionId = admissionId, Codes = ObservationSchedule.CodesThatMakeOverdueUrgent }, cancellationToken) > 0;
        var finding = ObservationSchedule.Overdue(missed, ObservationSchedule.OverduePriority(band, urgent), settings, WardZone.Of(settings));
        return AlertFinding.From(finding) with { OverdueDue = dueAt };
    }

    private static async Task<bool> IsNewOrWorseAsync(DbSession session, Guid admissionId, AlertFinding finding, CancellationToken cancellationToken)
    {
        var open = await session.QuerySingleOrDefaultAsync<OpenOverdueRow>(OpenOverdue, new { AdmissionId = admissionId }, cancellationToken);
        return open is null || finding.Severity.IsWorseThan(AlertSeverity.Read(open.Severity, open.Priority));
    }

    // Charting may have moved the schedule since the sweep looked: only the same missed due times raise.
    private static bool StillDue(IReadOnlyList<ObservationScheduler.ScheduleRow> schedule, AlertFinding finding) =>
        (finding.OverdueDue ?? new Dictionary<string, DateTimeOffset>())
            .All(due => schedule.Any(row => row.Kind == due.Key && row.NextDue == due.Value));

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

    private sealed record NotDoneRow
    {
        public DateTimeOffset At { get; init; }
        public string Reason { get; init; } = "";
        public string? Note { get; init; }
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
        public string Kind { get; init; } = "";
        public DateTimeOffset NextDue { get; init; }
        public string Basis { get; init; } = "";

        // The wall clock's now for this row's timer (see ElapsedTimers), not read from the store.
        public DateTimeOffset Now { get; init; }
    }
}
