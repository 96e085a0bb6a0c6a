using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Features.Doses;
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
        SELECT id FROM alerts WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
        """;

    private const string EarlierAssessments = """
        SELECT o.observed_at AS ObservedAt, a.total AS Total
        FROM observations o
        JOIN assessments a ON a.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL AND o.id <> @ObservationId
          AND o.observed_at >= @Since AND o.observed_at < @Until
        """;

    public async Task<IReadOnlyList<AlertView>> AfterVitalsAsync(AdmissionFacts admission, Guid observationId, DateTimeOffset observedAt, VitalsObservation observation, CancellationToken cancellationToken)
    {
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        var findings = await DoseFacts.OnVitalsAsync(session, admission, observedAt, VitalsRules.Evaluate(observation, settings), settings, cancellationToken);
        var raised = await alerts.RaiseOrRefreshAsync(admission, findings.Select(ToAlertFinding), observationId, cancellationToken);
        await ResolveOverdueAsync(admission.Id, observedAt, cancellationToken);
        await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
        await outbox.EnqueueAsync(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            ObservationSummary.OfVitals(observationId, observedAt, observation.News2.Total, observation.News2.Band), cancellationToken);
        return raised;
    }

    public async Task<IReadOnlyList<AlertView>> AfterAssessmentAsync(AdmissionFacts admission, Guid observationId, AssessmentScale scale, Assessment assessment, string band, CancellationToken cancellationToken)
    {
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        var history = scale.History(settings);
        IReadOnlyList<Assessment> earlier = history <= TimeSpan.Zero ? [] : [.. (await session.QueryAsync<EarlierRow>(EarlierAssessments, new
        {
            AdmissionId = admission.Id,
            scale.Kind,
            ObservationId = observationId,
            Since = assessment.ObservedAt - history,
            Until = assessment.ObservedAt,
        }, cancellationToken)).Select(row => new Assessment(row.ObservedAt, row.Total))];
        var findings = await DoseFacts.OnAssessmentAsync(session, admission.Id, scale.Kind, assessment,
            scale.Evaluate(assessment, earlier, admission.SubstanceList, settings), settings, cancellationToken);
        var raised = await alerts.RaiseOrRefreshAsync(admission, findings.Select(ToAlertFinding), observationId, cancellationToken);
        await ResolveOverdueAsync(admission.Id, assessment.ObservedAt, cancellationToken);
        await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
        await outbox.EnqueueAsync(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            ObservationSummary.Of(observationId, scale.Kind, assessment.ObservedAt, assessment.Total, band), cancellationToken);
        return raised;
    }

    public static AlertFinding ToAlertFinding(Finding finding) =>
        new(finding.Code, WireNames.Of(finding.Priority), finding.Reason);

    // Charting is the answer to an overdue alert; the scanner raises it again if the other kind is still missing.
    private async Task ResolveOverdueAsync(Guid admissionId, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        foreach (var id in await session.QueryAsync<Guid>(OpenOverdue, new { AdmissionId = admissionId }, cancellationToken))
        {
            await alerts.ResolveAsync(id, null, $"Observations charted at {observedAt:HH:mm} UTC (recorded {clock.GetUtcNow():HH:mm} UTC).", cancellationToken);
        }
    }

    private sealed record EarlierRow
    {
        public DateTimeOffset ObservedAt { get; init; }
        public int Total { get; init; }
    }
}
