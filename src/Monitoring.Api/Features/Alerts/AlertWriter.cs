using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Realtime;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Alerts;

/// <summary>
/// Every change to an alert goes through here, inside the caller's transaction: the alert row,
/// its append-only history and the ward event that tells dashboards. An alert keeps the evidence of
/// its worst valid finding; acknowledging silences it for that evidence only.
/// </summary>
public sealed class AlertWriter(DbSession session, AlertReader reader, WardLookup wards, Outbox outbox, TimeProvider clock)
{
    private const string FindOpen = """
        SELECT id AS Id, priority AS Priority, status AS Status, severity AS Severity, acknowledged_severity AS AcknowledgedSeverity,
               acknowledged_at AS AcknowledgedAt, overdue_due AS OverdueDue
        FROM alerts WHERE admission_id = @AdmissionId AND code = @Code AND status <> 'resolved'
        """;

    private const string Insert = """
        INSERT INTO alerts (id, admission_id, ward_code, bed_code, code, priority, status, raised_at, last_seen_at, activated_at, reason, observation_id,
                            severity, evidence_observed_at, overdue_due)
        VALUES (@Id, @AdmissionId, @Ward, @Bed, @Code, @Priority, 'active', @Now, @Now, @Now, @Reason, @ObservationId,
                @Severity, @ObservedAt, @OverdueDue)
        """;

    private const string SeenAgain = "UPDATE alerts SET last_seen_at = @Now WHERE id = @Id";

    // Worse evidence on an alert that is still active: the priority may rise, which restarts its escalation clock.
    private const string Worsened = """
        UPDATE alerts SET last_seen_at = @Now, reason = @Reason, observation_id = @ObservationId, priority = @Priority,
                          severity = @Severity, evidence_observed_at = @ObservedAt, overdue_due = @OverdueDue,
                          activated_at = CASE WHEN @PriorityRaised = 1 THEN @Now ELSE activated_at END,
                          escalated_at = CASE WHEN @PriorityRaised = 1 THEN NULL ELSE escalated_at END
        WHERE id = @Id
        """;

    // Worse than when acknowledged: the alarm sounds again with a fresh escalation clock (IEC 60601-1-8 re-annunciation).
    private const string Reactivate = """
        UPDATE alerts SET last_seen_at = @Now, reason = @Reason, observation_id = @ObservationId, priority = @Priority,
                          severity = @Severity, evidence_observed_at = @ObservedAt, overdue_due = @OverdueDue,
                          status = 'active', activated_at = @Now, escalated_at = NULL
        WHERE id = @Id AND status = 'acknowledged'
        """;

    // After a correction: the evidence goes back to what the valid observations show, whichever way that moves it.
    private const string Recomputed = """
        UPDATE alerts SET reason = @Reason, observation_id = @ObservationId, priority = @Priority, severity = @Severity,
                          evidence_observed_at = @ObservedAt,
                          acknowledged_severity = CASE WHEN status = 'acknowledged' THEN @Severity ELSE acknowledged_severity END
        WHERE id = @Id AND status <> 'resolved'
        """;

    private const string Acknowledge = """
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = @Now, acknowledged_by = @UserId, acknowledge_note = @Note,
                          acknowledged_severity = COALESCE(severity, acknowledged_severity)
        WHERE id = @Id AND status = 'active'
        """;

    private const string Resolve = """
        UPDATE alerts SET status = 'resolved', resolved_at = @Now, resolved_by = @UserId, resolve_note = @Note
        WHERE id = @Id AND status <> 'resolved'
        """;

    private const string Escalate = "UPDATE alerts SET escalated_at = @Now WHERE id = @Id AND status = 'active' AND escalated_at IS NULL";

    private const string History = """
        INSERT INTO alert_events (id, alert_id, event, occurred_at, user_id, observation_id, priority, reason, note)
        VALUES (@Id, @AlertId, @Event, @Now, @UserId, @ObservationId, @Priority, @Reason, @Note)
        """;

    public async Task<IReadOnlyList<AlertView>> RaiseOrRefreshAsync(AdmissionFacts admission, IEnumerable<AlertFinding> findings, Guid? observationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var alerts = new List<AlertView>();
        TimeZoneInfo? zone = null;
        foreach (var finding in findings)
        {
            var open = await session.QuerySingleOrDefaultAsync<OpenAlert>(FindOpen, new { AdmissionId = admission.Id, finding.Code }, cancellationToken);
            var severity = finding.Severity;
            if (open is null)
            {
                var id = Guid.CreateVersion7();
                await session.ExecuteAsync(Insert, new
                {
                    Id = id,
                    AdmissionId = admission.Id,
                    Ward = admission.WardCode,
                    Bed = admission.BedCode,
                    finding.Code,
                    finding.Priority,
                    Now = now,
                    finding.Reason,
                    ObservationId = observationId,
                    Severity = AlertSeverity.Write(severity),
                    finding.ObservedAt,
                    OverdueDue = AlertSeverity.WriteDue(finding.OverdueDue),
                }, cancellationToken);
                alerts.Add(await RecordAsync(id, "raised", null, observationId, finding.Priority, finding.Reason, null, WardEventTypes.AlertRaised, cancellationToken));
                continue;
            }

            var evidence = AlertSeverity.Read(open.Severity, open.Priority);
            var priority = AlertPriorities.Higher(open.Priority, finding.Priority);
            if (open.Status == AlertStatuses.Acknowledged)
            {
                var worsened = severity.WorsenedSince(AlertSeverity.Read(open.AcknowledgedSeverity ?? open.Severity, open.Priority));
                if (worsened.Count > 0)
                {
                    zone ??= WardZone.Of(await wards.SettingsAsync(admission.WardCode, cancellationToken));
                    var reason = $"{finding.Reason} Worse: {string.Join(", ", worsened)} since acknowledged at {WardTime.Clock(open.AcknowledgedAt ?? now, zone)}.";
                    await session.ExecuteAsync(Reactivate, Evidence(open.Id, now, reason, observationId, priority, severity, finding), cancellationToken);
                    alerts.Add(await RecordAsync(open.Id, "reactivated", null, observationId, priority, reason, null, WardEventTypes.AlertChanged, cancellationToken));
                    continue;
                }
            }
            if (severity.IsWorseThan(evidence))
            {
                var raised = priority != open.Priority && open.Status == AlertStatuses.Active;
                await session.ExecuteAsync(Worsened, Evidence(open.Id, now, finding.Reason, observationId, priority, severity, finding, raised), cancellationToken);
                alerts.Add(await RecordAsync(open.Id, raised ? "priority-raised" : "worsened", null, observationId, priority, finding.Reason, null, WardEventTypes.AlertChanged, cancellationToken));
                continue;
            }
            if (finding.Late)
            {
                // History that is no worse than what the alert already shows: recorded against the alert, nothing replaced.
                alerts.Add(await RecordAsync(open.Id, "seen-late", null, observationId, open.Priority, finding.Reason, null, null, cancellationToken));
                continue;
            }
            await session.ExecuteAsync(SeenAgain, new { open.Id, Now = now }, cancellationToken);
            alerts.Add(await RecordAsync(open.Id, "seen-again", null, observationId, open.Priority, finding.Reason, null, WardEventTypes.AlertChanged, cancellationToken));
        }
        return alerts;
    }

    /// <summary>Sets the evidence to the worst finding the valid observations still show; the caller resolves when there is none.</summary>
    public async Task<AlertView?> RecomputeAsync(Guid alertId, AlertFinding worst, Guid? observationId, string note, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Recomputed, new
        {
            Id = alertId,
            worst.Reason,
            ObservationId = observationId,
            worst.Priority,
            Severity = AlertSeverity.Write(worst.Severity),
            worst.ObservedAt,
        }, cancellationToken);
        return changed == 0 ? null : await RecordAsync(alertId, "recomputed", null, observationId, worst.Priority, worst.Reason, note, WardEventTypes.AlertChanged, cancellationToken);
    }

    public async Task<AlertView?> AcknowledgeAsync(Guid alertId, Guid userId, string? note, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Acknowledge, new { Id = alertId, Now = clock.GetUtcNow(), UserId = userId, Note = note }, cancellationToken);
        return changed == 0 ? null : await RecordAsync(alertId, "acknowledged", userId, null, null, null, note, WardEventTypes.AlertChanged, cancellationToken);
    }

    public async Task<AlertView?> ResolveAsync(Guid alertId, Guid? userId, string note, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Resolve, new { Id = alertId, Now = clock.GetUtcNow(), UserId = userId, Note = note }, cancellationToken);
        return changed == 0 ? null : await RecordAsync(alertId, "resolved", userId, null, null, null, note, WardEventTypes.AlertChanged, cancellationToken);
    }

    public async Task<AlertView?> EscalateAsync(Guid alertId, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Escalate, new { Id = alertId, Now = clock.GetUtcNow() }, cancellationToken);
        return changed == 0 ? null : await RecordAsync(alertId, "escalated", null, null, null, null, null, WardEventTypes.AlertChanged, cancellationToken);
    }

    /// <summary>
    /// After the alert's row has moved to another ward: the ward it left hears <c>alertChanged</c> (with the new
    /// ward, so its boards drop it) and the ward it joined hears <c>alertRaised</c> with the full alert.
    /// </summary>
    public async Task<AlertView> AnnounceTransferAsync(Guid alertId, string fromWard, string fromBed, CancellationToken cancellationToken)
    {
        var moved = (await reader.FindAsync(alertId, cancellationToken))!;
        var otherWard = moved.Ward != fromWard;
        if (otherWard)
        {
            outbox.Enqueue(fromWard, WardEventTypes.AlertChanged, moved.AdmissionId, moved, null);
        }
        return await RecordAsync(alertId, "transferred", null, null, null, null, $"From bed {fromBed} to bed {moved.Bed}.",
            otherWard ? WardEventTypes.AlertRaised : WardEventTypes.AlertChanged, cancellationToken);
    }

    private static object Evidence(Guid id, DateTimeOffset now, string reason, Guid? observationId, string priority, Severity severity, AlertFinding finding, bool priorityRaised = false) => new
    {
        Id = id,
        Now = now,
        Reason = reason,
        ObservationId = observationId,
        Priority = priority,
        Severity = AlertSeverity.Write(severity with { Priority = AlertSeverity.Parse(priority) }),
        finding.ObservedAt,
        OverdueDue = AlertSeverity.WriteDue(finding.OverdueDue),
        PriorityRaised = priorityRaised ? 1 : 0,
    };

    private async Task<AlertView> RecordAsync(Guid alertId, string @event, Guid? userId, Guid? observationId, string? priority, string? reason, string? note, string? eventType, CancellationToken cancellationToken)
    {
        var view = (await reader.FindAsync(alertId, cancellationToken))!;
        await session.ExecuteAsync(History, new
        {
            Id = Guid.CreateVersion7(),
            AlertId = alertId,
            Event = @event,
            Now = clock.GetUtcNow(),
            UserId = userId,
            ObservationId = observationId,
            Priority = priority ?? view.Priority,
            Reason = reason,
            Note = note,
        }, cancellationToken);
        if (eventType is not null)
        {
            outbox.Enqueue(view.Ward, eventType, view.AdmissionId, view, null);
        }
        return view;
    }

    private sealed record OpenAlert
    {
        public Guid Id { get; init; }
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Severity { get; init; }
        public string? AcknowledgedSeverity { get; init; }
        public DateTimeOffset? AcknowledgedAt { get; init; }
        public string? OverdueDue { get; init; }
    }
}
