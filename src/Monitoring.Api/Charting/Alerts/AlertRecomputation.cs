using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>
/// After an observation is marked entered-in-error, every open alert it fed goes back to what the remaining
/// valid observations show: the worst of their findings becomes the evidence, or the alert resolves.
/// </summary>
public sealed class AlertRecomputation(DbSession session, ChartReader chart, ChartingEffects effects, AlertWriter alerts, WardLookup wards)
{
    private const string AlertsFedBy = """
        SELECT a.id AS Id, a.code AS Code FROM alerts a
        WHERE a.admission_id = @AdmissionId AND a.status <> 'resolved'
          AND (a.observation_id = @ObservationId
               OR EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = a.id AND e.observation_id = @ObservationId))
        """;

    private const string ValidObservationsOf = """
        SELECT DISTINCT o.id AS Id, o.kind AS Kind FROM alert_events e
        JOIN observations o ON o.id = e.observation_id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE e.alert_id = @AlertId AND c.id IS NULL
        """;

    public async Task RecomputeAsync(AdmissionFacts admission, Guid erroneousId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        foreach (var alert in await session.QueryAsync<FedAlert>(AlertsFedBy, new { AdmissionId = admission.Id, ObservationId = erroneousId }, cancellationToken))
        {
            var candidates = new List<(AlertFinding Finding, Guid ObservationId)>();
            foreach (var observation in await session.QueryAsync<ObservationRef>(ValidObservationsOf, new { AlertId = alert.Id }, cancellationToken))
            {
                foreach (var finding in await FindingsAsync(admission, observation, settings, cancellationToken))
                {
                    if (finding.Code == alert.Code)
                    {
                        candidates.Add((finding, observation.Id));
                    }
                }
            }
            if (candidates.Count == 0)
            {
                await alerts.ResolveAsync(alert.Id, userId, $"Raised only by an observation entered in error: {reason}", cancellationToken);
                continue;
            }
            var (worst, observationId) = candidates
                .OrderByDescending(c => c.Finding.Severity.Priority)
                .ThenByDescending(c => c.Finding.Severity.Parts.Sum(p => p.Rank))
                .ThenByDescending(c => c.Finding.ObservedAt)
                .First();
            await alerts.RecomputeAsync(alert.Id, worst, observationId, $"Recomputed from the valid observations after one was entered in error: {reason}", cancellationToken);
        }
    }

    /// <summary>
    /// A new SpO2 scale changes what the patient's saturation means at once: the latest valid set is read again on it,
    /// so scale 2 clears a hypoxaemia alert at 89 % on air and raises over-oxygenation at 97 % on oxygen.
    /// </summary>
    public async Task<IReadOnlyList<AlertView>> OnSpo2ScaleChangedAsync(AdmissionFacts admission, SpO2Scale scale, CancellationToken cancellationToken)
    {
        if (await chart.LatestVitalsAsync(admission.Id, cancellationToken) is not { Spo2: not null } latest)
        {
            return [];
        }
        var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
        var spo2Codes = new[] { AlertCodes.Hypoxaemia, AlertCodes.OverOxygenation };
        var findings = (await VitalsFindingsAsync(admission, latest, scale, settings, cancellationToken)).Where(f => spo2Codes.Contains(f.Code)).ToList();
        var verdict = new ObservationVerdict(findings, spo2Codes, new HashSet<string> { "SpO2" },
            $"SpO2 {latest.Spo2} % read on scale {(int)scale} at {WardTime.Clock(latest.ObservedAt, WardZone.Of(settings))}");
        return await alerts.ApplyAsync(admission, verdict, latest.Id, cancellationToken);
    }

    private async Task<IReadOnlyList<AlertFinding>> VitalsFindingsAsync(AdmissionFacts admission, VitalsView vitals, SpO2Scale scale, WardSettings settings, CancellationToken cancellationToken)
    {
        var signs = new VitalSigns(vitals.RespiratoryRate, vitals.Spo2, vitals.OnOxygen, vitals.SystolicBp, vitals.DiastolicBp, vitals.HeartRate,
            vitals.TemperatureC, Acvpu.TryParse(vitals.Consciousness, out var level) ? level : null);
        var age = Age.InYears(admission.DateOfBirth, DateOnly.FromDateTime(vitals.ObservedAt.UtcDateTime));
        var news2 = News2.Score(signs, scale, age, admission.Pregnant);
        var sedation = Poss.TryParse(vitals.Sedation, out var poss) ? poss : (PossLevel?)null;
        var findings = await effects.VitalsFindingsAsync(admission, vitals.ObservedAt, new VitalsObservation(signs, sedation, news2, scale), settings, cancellationToken);
        return [.. findings.Select(f => AlertFinding.From(f, vitals.ObservedAt))];
    }

    private async Task<IReadOnlyList<AlertFinding>> FindingsAsync(AdmissionFacts admission, ObservationRef observation, WardSettings settings, CancellationToken cancellationToken)
    {
        if (observation.Kind == ObservationScheduler.VitalsKind && await chart.VitalsByIdAsync(observation.Id, cancellationToken) is { } vitals)
        {
            return await VitalsFindingsAsync(admission, vitals, (SpO2Scale)vitals.Spo2Scale, settings, cancellationToken);
        }
        if (AssessmentScales.Find(observation.Kind) is { } assessmentScale && await chart.AssessmentByIdAsync(observation.Id, cancellationToken) is { } assessment)
        {
            var findings = await effects.AssessmentFindingsAsync(admission, assessment.Id, assessmentScale, new Assessment(assessment.ObservedAt, assessment.Total), settings, cancellationToken);
            return [.. findings.Select(f => AlertFinding.From(f, assessment.ObservedAt))];
        }
        return [];
    }

    private sealed record FedAlert
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
    }

    private sealed record ObservationRef
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
    }
}
