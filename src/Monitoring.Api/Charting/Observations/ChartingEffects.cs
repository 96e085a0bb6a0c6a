using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Observations;

/// <summary>
/// What follows a charted observation, inside its transaction: the rules run, alerts are raised or
/// refreshed, the next observation is scheduled, and dashboards are told.
/// </summary>
public sealed class ChartingEffects(DbSession session, WardSettingsCache wardSettings, ChartReader chart, AlertWriter alerts, Outbox outbox, TimeProvider clock)
{
    private const string OpenOverdue = """
        SELECT id AS Id, overdue_due AS OverdueDue FROM alerts WHERE admission_id = @AdmissionId AND code = 'observations-overdue' AND status <> 'resolved'
        """;

    private const string LaterOfKind = """
        SELECT COUNT(*) FROM observations o
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL AND o.id <> @ObservationId AND o.observed_at > @ObservedAt
        """;

    private const string EarlierAssessments = """
        SELECT o.observed_at AS ObservedAt, a.total AS Total
        FROM observations o
        JOIN assessments a ON a.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL AND o.id <> @ObservationId
          AND o.observed_at >= @Since AND o.observed_at < @Until
        """;

    public async Task<IReadOnlyList<AlertView>> AfterVitalsAsync(ChartingAdmission admission, Guid observationId, DateTimeOffset observedAt, VitalsObservation observation, CancellationToken cancellationToken)
    {
        var settings = wardSettings.Of(admission.WardCode, admission.WardSettingsJson);
        var findings = admission.LastDoseAt is null
            ? VitalsRules.Evaluate(observation, settings)
            : await VitalsFindingsAsync(admission, observedAt, observation, settings, cancellationToken);
        var raised = await RaiseAsync(admission, ObservationScheduler.VitalsKind, observationId, observedAt, findings,
            VitalsRules.Codes, VitalsRules.Charted(observation), settings, cancellationToken);
        // Only a complete set that ends any sedation recheck decides the next due time alone; any other is weighed
        // against every set since the last complete one and the rechecks drowsiness or slow breathing call for.
        var sedation = new SedationReading(observedAt, observation.Vitals.RespiratoryRate, observation.Sedation);
        var decidesAlone = observation.News2.Total is not null && sedation is { RespiratoryRate: not null, Sedation: not null } && !ObservationSchedule.CallsForRecheck(sedation)
            && admission.AgreesWithRecentSets(observation.News2.Band is { } band ? WireNames.Of(band) : null);
        await ScheduleAsync(admission, ObservationScheduler.VitalsKind, observedAt,
            decidesAlone ? () => ObservationSchedule.NextVitals(observedAt, observation.News2, settings) : null, settings, cancellationToken);
        await ResolveOverdueAsync(admission, ObservationScheduler.VitalsKind, observedAt, settings, cancellationToken);
        outbox.Enqueue(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            ObservationSummary.OfVitals(observationId, observedAt, observation.News2.Total, observation.News2.Band));
        return raised;
    }

    public async Task<IReadOnlyList<AlertView>> AfterAssessmentAsync(ChartingAdmission admission, Guid observationId, AssessmentScale scale, Assessment assessment, string band, CancellationToken cancellationToken)
    {
        var settings = wardSettings.Of(admission.WardCode, admission.WardSettingsJson);
        var findings = await AssessmentFindingsAsync(admission, observationId, scale, assessment, settings, cancellationToken);
        var raised = await RaiseAsync(admission, scale.Kind, observationId, assessment.ObservedAt, findings, scale.Codes, null, settings, cancellationToken);
        await ScheduleAsync(admission, scale.Kind, assessment.ObservedAt,
            scale.IsScheduledFor(admission.SubstanceList, settings) ? () => scale.NextDue(assessment.ObservedAt, assessment.Total, settings) : null, settings, cancellationToken);
        await ResolveOverdueAsync(admission, scale.Kind, assessment.ObservedAt, settings, cancellationToken);
        outbox.Enqueue(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
            ObservationSummary.Of(observationId, scale.Kind, assessment.ObservedAt, assessment.Total, band));
        return raised;
    }

    /// <summary>
    /// A reading later than every other of its kind, on a patient without doses, sets that kind's next due time
    /// by itself: nothing else moved. Anything else (a tie or late entry, an incomplete set, doses and their
    /// checks, a kind not scheduled) is worked out again from every valid observation. So is everything where
    /// writers run side by side (SQL Server): what was read as the newest could be overtaken before the write.
    /// </summary>
    private async Task ScheduleAsync(ChartingAdmission admission, string kind, DateTimeOffset observedAt, Func<Due>? next, WardSettings settings, CancellationToken cancellationToken)
    {
        if (next is not null && session.WritersTakeTurns && admission.LastDoseAt is null && admission.ScheduledDue is not null && admission.IsLaterThanAnyOfKind(observedAt))
        {
            await ObservationScheduler.SetAsync(session, admission.Id, kind, next(), cancellationToken);
            return;
        }
        await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
    }

    /// <summary>The vital-sign rules on one set, in the light of the doses before it (a sedating dose named, the naloxone watch).</summary>
    public Task<IReadOnlyList<Finding>> VitalsFindingsAsync(AdmissionFacts admission, DateTimeOffset observedAt, VitalsObservation observation, WardSettings settings, CancellationToken cancellationToken) =>
        DoseFacts.OnVitalsAsync(session, admission, observedAt, VitalsRules.Evaluate(observation, settings), settings, cancellationToken);

    /// <summary>A scale's rules on one assessment with the valid assessments of that scale before it, as far back as the rules look.</summary>
    public async Task<IReadOnlyList<Finding>> AssessmentFindingsAsync(AdmissionFacts admission, Guid observationId, AssessmentScale scale, Assessment assessment, WardSettings settings, CancellationToken cancellationToken)
    {
        var history = scale.History(settings);
        IReadOnlyList<Assessment> earlier = history <= TimeSpan.Zero ? [] : [.. (await session.QueryAsync<EarlierRow>(EarlierAssessments, new
        {
            AdmissionId = admission.Id,
            scale.Kind,
            ObservationId = observationId,
            Since = assessment.ObservedAt - history,
            Until = assessment.ObservedAt,
        }, cancellationToken)).Select(row => new Assessment(row.ObservedAt, row.Total))];
        // Doses bear on the scale's findings: no induction prompt once begun, precipitated withdrawal after it.
        var findings = scale.Evaluate(assessment, earlier, admission.SubstanceList, settings);
        return admission is ChartingAdmission { LastDoseAt: null } ? findings
            : await DoseFacts.OnAssessmentAsync(session, admission.Id, scale.Kind, assessment, findings, settings, cancellationToken);
    }

    public static AlertFinding ToAlertFinding(Finding finding) => AlertFinding.From(finding);

    // An observation older than the latest valid one of its kind is history: it may raise an alert, saying when it was seen,
    // but its silence ends no episode. A newer one that no longer fires a code the rules decide clears that episode.
    private async Task<IReadOnlyList<AlertView>> RaiseAsync(ChartingAdmission admission, string kind, Guid observationId, DateTimeOffset observedAt, IReadOnlyList<Finding> findings,
        IReadOnlyList<string> decides, IReadOnlySet<string>? charted, WardSettings settings, CancellationToken cancellationToken)
    {
        if (findings.Count == 0 && admission.OpenAlerts == 0)
        {
            return [];
        }
        var late = !admission.IsNewestOfKind(observedAt)
            && await session.ExecuteScalarAsync<long>(LaterOfKind, new { AdmissionId = admission.Id, Kind = kind, ObservationId = observationId, ObservedAt = observedAt }, cancellationToken) > 0;
        var zone = WardZone.Of(settings);
        var when = late ? $" Late entry: observed {WardTime.Clock(observedAt, zone)}, charted {WardTime.Clock(clock.GetUtcNow(), zone)}." : "";
        var verdict = new ObservationVerdict(
            [.. findings.Select(f => AlertFinding.From(f, observedAt) with { Late = late, Reason = f.Reason + when })],
            decides, charted, $"{(kind == ObservationScheduler.VitalsKind ? "the vital signs" : $"the {ObservationScheduler.NameOf(kind)}")} observed at {WardTime.Clock(observedAt, zone)}")
        { Late = late };
        return await alerts.ApplyAsync(admission, verdict, observationId, cancellationToken);
    }

    // Charting answers an overdue alert only when it was observed after the due time of its kind and nothing else is overdue.
    private async Task ResolveOverdueAsync(ChartingAdmission admission, string kind, DateTimeOffset observedAt, WardSettings settings, CancellationToken cancellationToken)
    {
        if (admission.OpenOverdueAlerts == 0)
        {
            return;
        }
        var open = await session.QueryAsync<OverdueRow>(OpenOverdue, new { AdmissionId = admission.Id }, cancellationToken);
        if (open.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var stillOverdue = (await ObservationScheduler.ReadAsync(session, admission.Id, cancellationToken))
            .Any(due => ObservationSchedule.IsOverdue(due.NextDue, now, settings));
        var zone = WardZone.Of(settings);
        foreach (var alert in open)
        {
            var due = AlertSeverity.ReadDue(alert.OverdueDue);
            var answered = due.Count == 0 || (due.TryGetValue(kind, out var at) && observedAt >= at);
            if (answered && !stillOverdue)
            {
                await alerts.ResolveAsync(alert.Id, null,
                    $"Observations charted: {ObservationScheduler.NameOf(kind)} observed {WardTime.Clock(observedAt, zone)} (recorded {WardTime.Clock(now, zone)}).", cancellationToken);
            }
        }
    }

    private sealed record OverdueRow
    {
        public Guid Id { get; init; }
        public string? OverdueDue { get; init; }
    }

    private sealed record EarlierRow
    {
        public DateTimeOffset ObservedAt { get; init; }
        public int Total { get; init; }
    }
}
