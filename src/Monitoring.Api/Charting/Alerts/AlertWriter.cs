using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>
/// Every change to an alert goes through here, inside the caller's transaction: the alert row,
/// its append-only history and the ward event that tells dashboards. An alert keeps the evidence of
/// its worst valid finding; acknowledging silences it for that evidence only.
/// </summary>
public sealed class AlertWriter(DbSession session, AlertReader reader, WardLookup wards, Outbox outbox, TimeProvider clock, ElapsedTimers timers)
{
    private const string FindOpen = """
        SELECT id AS Id, code AS Code, priority AS Priority, status AS Status, severity AS Severity, acknowledged_severity AS AcknowledgedSeverity,
               acknowledged_at AS AcknowledgedAt, overdue_due AS OverdueDue, cleared_at AS ClearedAt
        FROM alerts WHERE admission_id = @AdmissionId AND code IN @Codes AND status <> 'resolved'
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
                          status = 'active', activated_at = @Now, escalated_at = NULL, cleared_at = NULL
        WHERE id = @Id AND status = 'acknowledged'
        """;

    // The condition no longer fires but nobody has seen the alert: it stops sounding (no escalation) and stays until acknowledged.
    private const string Clear = """
        UPDATE alerts SET cleared_at = @Now, reason = @Reason WHERE id = @Id AND status = 'active' AND cleared_at IS NULL
        """;

    // A monitor alert already acknowledged whose condition cleared: it stays, silent, until the auto-resolve time has passed clear.
    private const string ClearAcknowledged = """
        UPDATE alerts SET cleared_at = @Now, reason = @Reason WHERE id = @Id AND status = 'acknowledged' AND cleared_at IS NULL
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
        UPDATE alerts SET status = 'resolved', resolved_at = @Now, resolved_by = @UserId, resolve_note = @Note, outcome = @Outcome
        WHERE id = @Id AND status <> 'resolved'
        """;

    private const string Response = """
        INSERT INTO alert_responses (id, alert_id, action, at, note, recorded_at, recorded_by)
        VALUES (@Id, @AlertId, @Action, @At, @Note, @Now, @UserId)
        """;

    private const string Escalate = "UPDATE alerts SET escalated_at = @Now WHERE id = @Id AND status = 'active' AND escalated_at IS NULL";

    private const string History = """
        INSERT INTO alert_events (id, alert_id, event, occurred_at, user_id, observation_id, priority, reason, note)
        VALUES (@Id, @AlertId, @Event, @Now, @UserId, @ObservationId, @Priority, @Reason, @Note)
        """;

    /// <summary>Findings that do not end an episode when absent (dose rules, the overdue sweep): raised, refreshed or re-alarmed.</summary>
    public Task<IReadOnlyList<AlertView>> RaiseOrRefreshAsync(AdmissionFacts admission, IEnumerable<AlertFinding> findings, Guid? observationId, CancellationToken cancellationToken) =>
        ApplyAsync(admission, new ObservationVerdict([.. findings], [], null, null), observationId, cancellationToken);

    /// <summary>
    /// Moves each alert the observation speaks for through its episode (<see cref="Episodes.Next"/>): raised, worsened,
    /// re-alarmed, seen again, cleared, resolved when cleared after acknowledgement, or closed and raised anew.
    /// Answers the alerts the observation fires; those it cleared reach the boards as events, not in the answer.
    /// </summary>
    public async Task<IReadOnlyList<AlertView>> ApplyAsync(AdmissionFacts admission, ObservationVerdict verdict, Guid? observationId, CancellationToken cancellationToken)
    {
        var codes = verdict.Findings.Select(f => f.Code).Union(verdict.Decides).ToList();
        if (codes.Count == 0)
        {
            return [];
        }
        var open = (await session.QueryAsync<OpenAlert>(FindOpen, new { AdmissionId = admission.Id, Codes = codes }, cancellationToken)).ToDictionary(a => a.Code);
        var now = clock.GetUtcNow();
        var alerts = new List<AlertView>();
        var zoneAsync = WardZoneOnce(admission, cancellationToken);
        foreach (var code in codes)
        {
            var finding = verdict.Findings.FirstOrDefault(f => f.Code == code);
            var alert = open.GetValueOrDefault(code);
            var episode = alert?.ToEpisode();
            var speaks = episode is not null && (verdict.Charted is null || Episodes.SpeaksFor(episode.Evidence, verdict.Charted));
            var step = Episodes.Next(episode, finding?.ToFinding(), speaks, finding?.Late ?? verdict.Late);
            switch (step.Transition)
            {
                case EpisodeTransition.Cleared:
                    var cleared = $"Cleared at {WardTime.Clock(now, await zoneAsync())}: {verdict.ClearedBy} no longer shows it. Acknowledge to close.";
                    await ClearAsync(alert!, $"{(await reader.FindAsync(alert!.Id, cancellationToken))!.Reason} {cleared}", cleared, observationId, cancellationToken);
                    break;
                case EpisodeTransition.Resolved:
                    await ResolveAsync(alert!.Id, null, $"Cleared by {verdict.ClearedBy}: the condition no longer fires.", cancellationToken);
                    break;
                default:
                    if (await StepAsync(admission, alert, finding, step, observationId, now, zoneAsync, cancellationToken) is { } view)
                    {
                        alerts.Add(view);
                    }
                    break;
            }
        }
        return alerts;
    }

    /// <summary>
    /// A monitor alarm's move (design "Continuous alarms from the monitor feed"): a finding raises, worsens or re-alarms
    /// as any alert, but a finding no worse than the alert stands for records nothing (a monitor repeats every second).
    /// When the condition clears (<paramref name="finding"/> null), a high alert latches until acknowledged, a medium one
    /// ends with it, and an acknowledged one waits <c>monitorAutoResolveMinutes</c> clear before the sweep resolves it.
    /// A condition that returns after clearing is a new episode, sounding again.
    /// </summary>
    public async Task<AlertView?> ApplyMonitorAsync(AdmissionFacts admission, string code, AlertFinding? finding, string? clearedReason, CancellationToken cancellationToken)
    {
        var alert = (await session.QueryAsync<OpenAlert>(FindOpen, new { AdmissionId = admission.Id, Codes = new[] { code } }, cancellationToken)).FirstOrDefault();
        if (finding is null)
        {
            if (alert is null || alert.ClearedAt is not null || clearedReason is null)
            {
                return null;
            }
            if (alert.Status == AlertStatuses.Acknowledged)
            {
                var clearedAt = clock.GetUtcNow();
                await session.ExecuteAsync(ClearAcknowledged, new { alert.Id, Now = clearedAt, Reason = clearedReason }, cancellationToken);
                timers.Started(TimerKind.AutoResolve, alert.Id.ToString(), clearedAt);
                return await RecordAsync(alert.Id, "cleared", null, null, alert.Priority, clearedReason, null, WardEventTypes.AlertChanged, cancellationToken);
            }
            return alert.Priority == WireNames.Of(AlertPriority.High)
                ? await ClearAsync(alert, $"{clearedReason} Acknowledge to close.", clearedReason, null, cancellationToken)
                : await ResolveAsync(alert.Id, null, clearedReason, cancellationToken);
        }
        var step = Episodes.Next(alert?.ToMonitorEpisode(), finding.ToFinding(), speaksForEvidence: true, late: false);
        var zoneAsync = WardZoneOnce(admission, cancellationToken);
        return step.Transition == EpisodeTransition.SeenAgain ? null : await StepAsync(admission, alert, finding, step, null, clock.GetUtcNow(), zoneAsync, cancellationToken);
    }

    // The ward's time zone, read at most once for the alerts of one observation, and only when a reason needs it.
    private Func<Task<TimeZoneInfo>> WardZoneOnce(AdmissionFacts admission, CancellationToken cancellationToken)
    {
        TimeZoneInfo? zone = null;
        return async () => zone ??= WardZone.Of(await wards.SettingsAsync(admission.WardCode, cancellationToken));
    }

    private async Task<AlertView> ClearAsync(OpenAlert alert, string reason, string said, Guid? observationId, CancellationToken cancellationToken)
    {
        var clearedAt = clock.GetUtcNow();
        await session.ExecuteAsync(Clear, new { alert.Id, Now = clearedAt, Reason = reason }, cancellationToken);
        timers.Started(TimerKind.AutoResolve, alert.Id.ToString(), clearedAt);
        return await RecordAsync(alert.Id, "cleared", null, observationId, alert.Priority, said, null, WardEventTypes.AlertChanged, cancellationToken);
    }

    // A finding applied to the alert of its code as the episode step says: raised, raised anew, re-alarmed, worsened or seen again.
    private async Task<AlertView?> StepAsync(AdmissionFacts admission, OpenAlert? alert, AlertFinding? finding, EpisodeStep step, Guid? observationId, DateTimeOffset now,
        Func<Task<TimeZoneInfo>> zoneAsync, CancellationToken cancellationToken)
    {
        switch (step.Transition)
        {
            case EpisodeTransition.Raised:
                return await InsertAsync(admission, finding!, observationId, now, cancellationToken);
            case EpisodeTransition.NewEpisode:
                await ResolveAsync(alert!.Id, null, $"Episode over (the condition had cleared); a new episode was raised at {WardTime.Clock(now, await zoneAsync())}.", cancellationToken);
                return await InsertAsync(admission, finding!, observationId, now, cancellationToken);
            case EpisodeTransition.Reactivated:
                var acknowledgedAt = WardTime.Clock(alert!.AcknowledgedAt ?? now, await zoneAsync());
                var reason = step.Worsened.Count > 0
                    ? $"{finding!.Reason} Worse: {string.Join(", ", step.Worsened)} since acknowledged at {acknowledgedAt}."
                    : $"{finding!.Reason} Alarming again during the re-sedation watch (acknowledged at {acknowledgedAt}).";
                var priority = AlertPriorities.Higher(alert.Priority, finding.Priority);
                await session.ExecuteAsync(Reactivate, Evidence(alert.Id, now, reason, observationId, priority, finding.Severity, finding), cancellationToken);
                timers.Started(TimerKind.Escalation, alert.Id.ToString(), now);
                return await RecordAsync(alert.Id, "reactivated", null, observationId, priority, reason, null, WardEventTypes.AlertChanged, cancellationToken);
            case EpisodeTransition.Worsened or EpisodeTransition.Refreshed:
                var higher = AlertPriorities.Higher(alert!.Priority, finding!.Priority);
                var raised = higher != alert.Priority;
                await session.ExecuteAsync(Worsened, Evidence(alert.Id, now, finding.Reason, observationId, higher, finding.Severity, finding, raised), cancellationToken);
                if (raised)
                {
                    timers.Started(TimerKind.Escalation, alert.Id.ToString(), now);
                }
                var @event = raised ? "priority-raised" : step.Transition == EpisodeTransition.Worsened ? "worsened" : "refreshed";
                return await RecordAsync(alert.Id, @event, null, observationId, higher, finding.Reason, null, WardEventTypes.AlertChanged, cancellationToken);
            case EpisodeTransition.SeenAgain:
                await session.ExecuteAsync(SeenAgain, new { alert!.Id, Now = now }, cancellationToken);
                return await RecordAsync(alert.Id, "seen-again", null, observationId, alert.Priority, finding!.Reason, null, WardEventTypes.AlertChanged, cancellationToken);
            case EpisodeTransition.SeenLate:
                // History that is no worse than what the alert already shows: recorded against the alert, nothing replaced.
                return await RecordAsync(alert!.Id, "seen-late", null, observationId, alert.Priority, finding!.Reason, null, null, cancellationToken);
            default:
                return null;
        }
    }

    private async Task<AlertView> InsertAsync(AdmissionFacts admission, AlertFinding finding, Guid? observationId, DateTimeOffset now, CancellationToken cancellationToken)
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
            Severity = AlertSeverity.Write(finding.Severity),
            finding.ObservedAt,
            OverdueDue = AlertSeverity.WriteDue(finding.OverdueDue),
        }, cancellationToken);
        timers.Started(TimerKind.Escalation, id.ToString(), now);
        return await RecordAsync(id, "raised", null, observationId, finding.Priority, finding.Reason, null, WardEventTypes.AlertRaised, cancellationToken);
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

    /// <summary>Silences the alert for its evidence; an alert whose condition had already cleared is seen, and its episode is over.</summary>
    public async Task<AlertView?> AcknowledgeAsync(Guid alertId, Guid userId, string? note, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Acknowledge, new { Id = alertId, Now = clock.GetUtcNow(), UserId = userId, Note = note }, cancellationToken);
        if (changed == 0)
        {
            return null;
        }
        var acknowledged = await RecordAsync(alertId, "acknowledged", userId, null, null, null, note, WardEventTypes.AlertChanged, cancellationToken);
        return acknowledged.Cleared
            ? await ResolveAsync(alertId, userId, "Acknowledged after the condition had cleared: episode over.", cancellationToken)
            : acknowledged;
    }

    public Task<AlertView?> ResolveAsync(Guid alertId, Guid? userId, string note, CancellationToken cancellationToken) =>
        ResolveAsync(alertId, userId, note, null, cancellationToken);

    public async Task<AlertView?> ResolveAsync(Guid alertId, Guid? userId, string note, string? outcome, CancellationToken cancellationToken)
    {
        var changed = await session.ExecuteAsync(Resolve, new { Id = alertId, Now = clock.GetUtcNow(), UserId = userId, Note = note, Outcome = outcome }, cancellationToken);
        return changed == 0 ? null : await RecordAsync(alertId, "resolved", userId, null, null, null, note, WardEventTypes.AlertChanged, cancellationToken);
    }

    /// <summary>Appends what was done about the alert; its history and the ward's boards hear of it like any change.</summary>
    public async Task<AlertView> RespondAsync(Guid alertId, Guid userId, string action, DateTimeOffset at, string? note, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(Response, new { Id = Guid.CreateVersion7(), AlertId = alertId, Action = action, At = at, Note = note, Now = clock.GetUtcNow(), UserId = userId }, cancellationToken);
        return await RecordAsync(alertId, "responded", userId, null, null, null, $"{action}: {note}".TrimEnd(':', ' '), WardEventTypes.AlertChanged, cancellationToken);
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
        public string Code { get; init; } = "";
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Severity { get; init; }
        public string? AcknowledgedSeverity { get; init; }
        public DateTimeOffset? AcknowledgedAt { get; init; }
        public string? OverdueDue { get; init; }
        public DateTimeOffset? ClearedAt { get; init; }

        public OpenEpisode ToEpisode() => new(
            Status == AlertStatuses.Acknowledged ? EpisodeStatus.Acknowledged : ClearedAt is null ? EpisodeStatus.Active : EpisodeStatus.Cleared,
            AlertSeverity.Read(Severity, Priority),
            AcknowledgedSeverity is null && Severity is null ? null : AlertSeverity.Read(AcknowledgedSeverity ?? Severity, Priority));

        // An acknowledged monitor alert whose condition cleared is over but for its auto-resolve: a return is a new episode.
        public OpenEpisode ToMonitorEpisode() =>
            Status == AlertStatuses.Acknowledged && ClearedAt is not null ? ToEpisode() with { Status = EpisodeStatus.Cleared } : ToEpisode();
    }
}
