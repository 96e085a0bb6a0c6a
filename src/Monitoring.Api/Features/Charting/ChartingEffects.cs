using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Realtime;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Charting;

/// <summary>
/// What follows a charted observation, inside its transaction: the rules run, alerts are raised or
/// refreshed, the next observation is scheduled, and dashboards are told.
/// </summary>
public sealed class ChartingEffects(DbSession session, WardLookup wards, ChartReader chart, AlertWriter alerts, Outbox outbox, TimeProvider clock)
{
    private const string OpenOverdue = """
        SELECT id AS Id, overdue_due AS OverdueDue FROM alerts WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
        """;

    private const string LaterOfKind = """
        SELECT COUNT(*) FROM observations o
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL AND o.id <> @ObservationId AND o.observed_at > @ObservedAt
        """;

    private const string EarlierCows = """
        SELECT o.observed_at AS ObservedAt, a.total AS Total
        FROM observations o
        JOIN cows_assessments a ON a.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = 'cows' AND c.id IS NULL AND o.id <> @ObservationId
          AND o.observed_at >= @Since AND o.observed_at < @Until
        """;

    public async Task<IReadOnlyList<AlertView>> AfterVitalsAsync(AdmissionFacts admission, Guid observationId, DateTimeOffset observedAt, VitalsObservation observation, CancellationToken cancellationToken)
    {
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        var findings = VitalsRules.Evaluate(observation, settings);
        var raised = await RaiseAsync(admission, "vitals", observationId, observedAt, findings, settings, cancellationToken);
        await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
        await ResolveOverdueAsync(admission, "vitals", observedAt, settings, cancellationToken);
        await outbox.EnqueueAsync(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            new ObservationSummary(observationId, "vitals", observedAt, observation.News2.Total, observation.News2.Band, null, null), cancellationToken);
        return raised;
    }

    public async Task<IReadOnlyList<AlertView>> AfterCowsAsync(AdmissionFacts admission, Guid observationId, CowsObservation observation, CowsSeverity severity, CancellationToken cancellationToken)
    {
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        var findings = await CowsFindingsAsync(admission, observationId, observation, settings, cancellationToken);
        var raised = await RaiseAsync(admission, "cows", observationId, observation.ObservedAt, findings, settings, cancellationToken);
        await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
        await ResolveOverdueAsync(admission, "cows", observation.ObservedAt, settings, cancellationToken);
        await outbox.EnqueueAsync(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            new ObservationSummary(observationId, "cows", observation.ObservedAt, null, null, observation.Total, severity), cancellationToken);
        return raised;
    }

    /// <summary>The COWS rules on one assessment with the valid assessments before it in the escalation window.</summary>
    public async Task<IReadOnlyList<Finding>> CowsFindingsAsync(AdmissionFacts admission, Guid observationId, CowsObservation observation, WardSettings settings, CancellationToken cancellationToken)
    {
        var earlierRows = await session.QueryAsync<EarlierCowsRow>(EarlierCows, new
        {
            AdmissionId = admission.Id,
            ObservationId = observationId,
            Since = observation.ObservedAt - TimeSpan.FromHours(settings.WithdrawalEscalationWindowHours),
            Until = observation.ObservedAt,
        }, cancellationToken);
        var earlier = earlierRows.Select(row => new CowsObservation(row.ObservedAt, row.Total)).ToList();
        return CowsRules.Evaluate(observation, earlier, admission.SubstanceList.Contains("opioid"), settings);
    }

    public static AlertFinding ToAlertFinding(Finding finding) => AlertFinding.From(finding);

    // An observation older than the latest valid one of its kind is history: it may raise an alert, saying when it was seen.
    private async Task<IReadOnlyList<AlertView>> RaiseAsync(AdmissionFacts admission, string kind, Guid observationId, DateTimeOffset observedAt, IReadOnlyList<Finding> findings, WardSettings settings, CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return [];
        }
        var late = await session.ExecuteScalarAsync<long>(LaterOfKind, new { AdmissionId = admission.Id, Kind = kind, ObservationId = observationId, ObservedAt = observedAt }, cancellationToken) > 0;
        var zone = WardZone.Of(settings);
        var when = late ? $" Late entry: observed {WardTime.Clock(observedAt, zone)}, charted {WardTime.Clock(clock.GetUtcNow(), zone)}." : "";
        return await alerts.RaiseOrRefreshAsync(admission,
            findings.Select(f => AlertFinding.From(f, observedAt) with { Late = late, Reason = f.Reason + when }), observationId, cancellationToken);
    }

    // Charting answers an overdue alert only when it was observed after the due time of its kind and nothing else is overdue.
    private async Task ResolveOverdueAsync(AdmissionFacts admission, string kind, DateTimeOffset observedAt, WardSettings settings, CancellationToken cancellationToken)
    {
        var open = await session.QueryAsync<OverdueRow>(OpenOverdue, new { AdmissionId = admission.Id }, cancellationToken);
        if (open.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var schedule = await ObservationScheduler.ReadAsync(session, admission.Id, cancellationToken);
        var stillOverdue = schedule is not null
            && ((schedule.NextVitalsDue is { } vitals && ObservationSchedule.IsOverdue(vitals, now, settings))
                || (schedule.NextCowsDue is { } cows && ObservationSchedule.IsOverdue(cows, now, settings)));
        var zone = WardZone.Of(settings);
        foreach (var alert in open)
        {
            var due = AlertSeverity.ReadDue(alert.OverdueDue);
            var answered = due.Count == 0 || (due.TryGetValue(kind, out var at) && observedAt >= at);
            if (answered && !stillOverdue)
            {
                await alerts.ResolveAsync(alert.Id, null,
                    $"Observations charted: {kind} observed {WardTime.Clock(observedAt, zone)} (recorded {WardTime.Clock(now, zone)}).", cancellationToken);
            }
        }
    }

    private sealed record OverdueRow
    {
        public Guid Id { get; init; }
        public string? OverdueDue { get; init; }
    }

    private sealed record EarlierCowsRow
    {
        public DateTimeOffset ObservedAt { get; init; }
        public int Total { get; init; }
    }
}
