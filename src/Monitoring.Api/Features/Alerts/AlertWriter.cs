using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Realtime;

namespace Monitoring.Api.Features.Alerts;

/// <summary>A rule's verdict on one observation: which alert, how urgent, and why in a nurse's words.</summary>
public sealed record AlertFinding(string Code, string Priority, string Reason);

/// <summary>
/// Every change to an alert goes through here, inside the caller's transaction: the alert row,
/// its append-only history and the ward event that tells dashboards.
/// </summary>
public sealed class AlertWriter(DbSession session, AlertReader reader, Outbox outbox, TimeProvider clock)
{
    private const string FindOpen = """
        SELECT id AS Id, priority AS Priority, status AS Status
        FROM alerts WHERE admission_id = @AdmissionId AND code = @Code AND status <> 'resolved'
        """;

    private const string Insert = """
        INSERT INTO alerts (id, admission_id, ward_code, bed_code, code, priority, status, raised_at, last_seen_at, activated_at, reason, observation_id)
        VALUES (@Id, @AdmissionId, @Ward, @Bed, @Code, @Priority, 'active', @Now, @Now, @Now, @Reason, @ObservationId)
        """;

    private const string SeenAgain = """
        UPDATE alerts SET last_seen_at = @Now, reason = @Reason, observation_id = @ObservationId, priority = @Priority
        WHERE id = @Id
        """;

    // A worse finding re-opens an acknowledged alert: the clinician who acknowledged the milder one must hear of it.
    private const string PriorityRaised = """
        UPDATE alerts SET last_seen_at = @Now, reason = @Reason, observation_id = @ObservationId, priority = @Priority,
                          status = 'active', activated_at = @Now, escalated_at = NULL
        WHERE id = @Id
        """;

    private const string Acknowledge = """
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = @Now, acknowledged_by = @UserId, acknowledge_note = @Note
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
        foreach (var finding in findings)
        {
            var open = await session.QuerySingleOrDefaultAsync<OpenAlert>(FindOpen, new { AdmissionId = admission.Id, finding.Code }, cancellationToken);
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
                }, cancellationToken);
                alerts.Add(await RecordAsync(id, "raised", null, observationId, finding.Priority, finding.Reason, null, WardEventTypes.AlertRaised, cancellationToken));
                continue;
            }

            var priority = AlertPriorities.Higher(open.Priority, finding.Priority);
            var raised = priority != open.Priority;
            await session.ExecuteAsync(raised ? PriorityRaised : SeenAgain, new
            {
                open.Id,
                Now = now,
                finding.Reason,
                ObservationId = observationId,
                Priority = priority,
            }, cancellationToken);
            alerts.Add(await RecordAsync(open.Id, raised ? "priority-raised" : "seen-again", null, observationId, priority, finding.Reason, null, WardEventTypes.AlertChanged, cancellationToken));
        }
        return alerts;
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

    private async Task<AlertView> RecordAsync(Guid alertId, string @event, Guid? userId, Guid? observationId, string? priority, string? reason, string? note, string eventType, CancellationToken cancellationToken)
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
        await outbox.EnqueueAsync(view.Ward, eventType, view.AdmissionId, view, null, cancellationToken);
        return view;
    }

    private sealed record OpenAlert
    {
        public Guid Id { get; init; }
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
    }
}
