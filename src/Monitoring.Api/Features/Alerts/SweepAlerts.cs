using Mediator;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Charting;
using Monitoring.Api.Features.Doses;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Pipeline;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Alerts;

/// <summary>Finds alerts due for escalation and observations overdue, and applies each in its own transaction.</summary>
public sealed class SweepAlerts(DbSession session, WardLookup wards, TimeProvider clock)
{
    public sealed record Candidate(Guid? AlertId, Guid? AdmissionId, string? OverdueReason);

    public sealed record Apply(Candidate Candidate) : IWriteCommand<bool>
    {
        public string? IdempotencyKey => null;
    }

    private const string Unacknowledged = """
        SELECT id AS Id, ward_code AS Ward, priority AS Priority, activated_at AS ActivatedAt
        FROM alerts WHERE status = 'active' AND escalated_at IS NULL AND priority IN ('high', 'medium')
        """;

    private const string DueSchedules = """
        SELECT s.admission_id AS AdmissionId, a.ward_code AS Ward, s.kind AS Kind, s.next_due AS NextDue, s.basis AS Basis
        FROM observation_schedules s
        JOIN admissions a ON a.id = s.admission_id AND a.discharged_at IS NULL
        WHERE s.next_due <= @Now
          AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.admission_id = s.admission_id AND x.code = 'observations-overdue' AND x.status <> 'resolved')
        ORDER BY s.admission_id, s.kind
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
        var schedules = await session.QueryAsync<ScheduleRow>(DueSchedules, new { Now = now }, cancellationToken);
        foreach (var admission in schedules.GroupBy(row => row.AdmissionId))
        {
            var missed = new List<Finding>();
            foreach (var due in admission.OrderBy(row => ObservationScheduler.DisplayOrder(row.Kind)))
            {
                var ward = await SettingsOf(due.Ward);
                if (ObservationSchedule.IsOverdue(due.NextDue, now, ward))
                {
                    missed.Add(ObservationSchedule.Overdue(ObservationScheduler.NameOf(due.Kind), new Due(due.NextDue, due.Basis), ward));
                }
            }
            if (missed.Count > 0)
            {
                candidates.Add(new Candidate(null, admission.Key, string.Join(" ", missed.Select(f => f.Reason))));
            }
        }
        return candidates;
    }

    public sealed class ApplyHandler(AlertWriter writer, AdmissionAccess admissions, DbSession session, WardLookup wards, TimeProvider clock) : ICommandHandler<Apply, bool>
    {
        private const string StillOverdue = """
            SELECT COUNT(*) FROM alerts WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
            """;

        public async ValueTask<bool> Handle(Apply command, CancellationToken cancellationToken)
        {
            var candidate = command.Candidate;
            if (candidate.AlertId is { } alertId)
            {
                return await writer.EscalateAsync(alertId, cancellationToken) is not null;
            }
            // Charting may have happened since the sweep looked: check again inside the transaction.
            var admission = await admissions.GetOpenUncheckedAsync(candidate.AdmissionId!.Value, cancellationToken);
            if (admission is null || await session.ExecuteScalarAsync<long>(StillOverdue, new { AdmissionId = admission.Id }, cancellationToken) > 0)
            {
                return false;
            }
            // A missed check during the re-sedation watch after naloxone is urgent.
            var watch = await DoseFacts.InWatchAsync(session, admission, clock.GetUtcNow(), await wards.SettingsAsync(admission.WardCode, cancellationToken), cancellationToken);
            var finding = new AlertFinding(AlertCodes.ObservationsOverdue, watch ? AlertPriorities.High : AlertPriorities.Medium, candidate.OverdueReason!);
            await writer.RaiseOrRefreshAsync(admission, [finding], null, cancellationToken);
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

    private sealed record ScheduleRow
    {
        public Guid AdmissionId { get; init; }
        public string Ward { get; init; } = "";
        public string Kind { get; init; } = "";
        public DateTimeOffset NextDue { get; init; }
        public string Basis { get; init; } = "";
    }
}
