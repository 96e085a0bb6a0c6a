using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Doses;

/// <summary>
/// What the dose rules and checks read from the store: an admission's substances, its valid doses,
/// and when its valid POSS + RR checks and COWS were charted.
/// </summary>
public static class DoseFacts
{
    /// <summary>Times in dose reasons are in the ward's own time zone.</summary>
    public static TimeZoneInfo Zone(WardSettings settings) => WardZone.Of(settings);

    private const string SubstancesOf = AdmissionSubstances.Current;

    private const string ValidDoses = """
        SELECT d.id AS Id, d.drug AS Drug, d.dose AS Dose, d.unit AS Unit, d.route AS Route, d.given_at AS GivenAt
        FROM doses d
        LEFT JOIN dose_corrections c ON c.dose_id = d.id
        WHERE d.admission_id = @AdmissionId AND c.id IS NULL
        ORDER BY d.given_at
        """;

    private const string PossRrTimes = """
        SELECT o.observed_at
        FROM observations o
        JOIN vital_signs v ON v.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals' AND c.id IS NULL AND o.observed_at >= @Since
          AND v.respiratory_rate IS NOT NULL AND v.sedation IS NOT NULL
        """;

    // Valid assessments on the induction scale (COWS), up to a time.
    private const string ValidInduction = """
        SELECT o.observed_at AS ObservedAt, a.total AS Total
        FROM observations o
        JOIN assessments a ON a.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL AND o.observed_at <= @Until
        ORDER BY o.observed_at, o.recorded_at
        """;

    private const string LastVitalsBefore = """
        SELECT o.observed_at AS ObservedAt, v.systolic_bp AS SystolicBp, v.heart_rate AS HeartRate
        FROM observations o
        JOIN vital_signs v ON v.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals' AND c.id IS NULL AND o.observed_at <= @At
        ORDER BY o.observed_at DESC, o.recorded_at DESC
        """;

    /// <summary>The substances as named at admission; an admission charted before last use was recorded has its classes only.</summary>
    public static async Task<IReadOnlyList<SubstanceUse>> SubstancesAsync(DbSession session, AdmissionFacts admission, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<SubstanceRow>(SubstancesOf, new { AdmissionId = admission.Id }, cancellationToken);
        return rows.Count > 0
            ? [.. rows.Select(row => new SubstanceUse(row.Substance, row.LastUseAt))]
            : [.. admission.SubstanceList.Where(Substances.IsKnown).Select(name => new SubstanceUse(name))];
    }

    public static async Task<IReadOnlyList<DoseGiven>> ValidDosesAsync(DbSession session, Guid admissionId, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<DoseRow>(ValidDoses, new { AdmissionId = admissionId }, cancellationToken)).Select(row => row.ToDose())];

    public static async Task<IReadOnlyList<Assessment>> ValidInductionAsync(DbSession session, Guid admissionId, DateTimeOffset until, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<AssessmentRow>(ValidInduction, new { AdmissionId = admissionId, AssessmentScales.Induction.Kind, Until = until }, cancellationToken))
            .Select(row => new Assessment(row.ObservedAt, row.Total))];

    public static async Task<VitalsAt?> LastVitalsBeforeAsync(DbSession session, Guid admissionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<VitalsRow>(session.Dialect.Top(1, LastVitalsBefore), new { AdmissionId = admissionId, At = at }, cancellationToken);
        return rows.Count == 0 ? null : new VitalsAt(rows[0].ObservedAt, rows[0].SystolicBp, rows[0].HeartRate);
    }

    /// <summary>Every check the admission's valid doses still call for, soonest first.</summary>
    public static async Task<IReadOnlyList<CheckDue>> OutstandingChecksAsync(DbSession session, AdmissionFacts admission, WardSettings settings, CancellationToken cancellationToken)
    {
        var doses = await ValidDosesAsync(session, admission.Id, cancellationToken);
        if (doses.Count == 0)
        {
            return [];
        }
        var substances = await SubstancesAsync(session, admission, cancellationToken);
        var possRr = await session.QueryAsync<DateTimeOffset>(PossRrTimes, new { AdmissionId = admission.Id, Since = doses[0].GivenAt }, cancellationToken);
        var induction = await ValidInductionAsync(session, admission.Id, DateTimeOffset.MaxValue, cancellationToken);
        return DoseSchedule.Outstanding(doses, substances, possRr, [.. induction.Select(a => a.ObservedAt)], settings, Zone(settings));
    }

    /// <summary>Respiratory findings of a vitals set in the light of the doses before it.</summary>
    public static async Task<IReadOnlyList<Finding>> OnVitalsAsync(DbSession session, AdmissionFacts admission, DateTimeOffset observedAt, IReadOnlyList<Finding> findings, WardSettings settings, CancellationToken cancellationToken)
    {
        var doses = await ValidDosesAsync(session, admission.Id, cancellationToken);
        return doses.Count == 0
            ? findings
            : DoseRules.OnVitalsFindings(findings, doses, await SubstancesAsync(session, admission, cancellationToken), observedAt, settings, Zone(settings));
    }

    /// <summary>Withdrawal findings on the induction scale (COWS) in the light of buprenorphine: no induction prompt once begun, precipitated withdrawal after it.</summary>
    public static async Task<IReadOnlyList<Finding>> OnAssessmentAsync(DbSession session, Guid admissionId, string kind, Assessment assessment, IReadOnlyList<Finding> findings, WardSettings settings, CancellationToken cancellationToken)
    {
        if (kind != AssessmentScales.Induction.Kind)
        {
            return findings;
        }
        var doses = await ValidDosesAsync(session, admissionId, cancellationToken);
        if (doses.Count == 0)
        {
            return findings;
        }
        var result = DoseRules.AfterInduction(findings, doses, assessment.ObservedAt).ToList();
        var earlier = await ValidInductionAsync(session, admissionId, DateTimeOffset.MaxValue, cancellationToken);
        if (DoseRules.PrecipitatedWithdrawal(assessment, earlier, doses, settings, Zone(settings)) is { } precipitated)
        {
            result.Add(precipitated);
        }
        return result;
    }

    /// <summary>Whether a re-sedation watch runs now: missed checks during it are urgent.</summary>
    public static async Task<bool> InWatchAsync(DbSession session, AdmissionFacts admission, DateTimeOffset now, WardSettings settings, CancellationToken cancellationToken)
    {
        var doses = await ValidDosesAsync(session, admission.Id, cancellationToken);
        return doses.Any(d => d.Class == DrugClass.OpioidAntagonist)
            && DoseRules.Watch(doses, await SubstancesAsync(session, admission, cancellationToken), now, settings) is not null;
    }

    private sealed record SubstanceRow
    {
        public string Substance { get; init; } = "";
        public DateTimeOffset? LastUseAt { get; init; }
    }

    private sealed record VitalsRow
    {
        public DateTimeOffset ObservedAt { get; init; }
        public int? SystolicBp { get; init; }
        public int? HeartRate { get; init; }
    }

    private sealed record AssessmentRow
    {
        public DateTimeOffset ObservedAt { get; init; }
        public int Total { get; init; }
    }

    private sealed record DoseRow
    {
        public Guid Id { get; init; }
        public string Drug { get; init; } = "";
        public decimal Dose { get; init; }
        public string Unit { get; init; } = "";
        public string Route { get; init; } = "";
        public DateTimeOffset GivenAt { get; init; }

        public DoseGiven ToDose() => new(Id, Drug, Dose, Unit == "mcg" ? DoseUnit.Mcg : DoseUnit.Mg, Route, GivenAt);
    }
}
