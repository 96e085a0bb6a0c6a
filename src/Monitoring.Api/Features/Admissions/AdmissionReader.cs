using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Admissions;

public sealed record AdmissionView(
    Guid Id,
    string Mrn,
    string DisplayName,
    DateOnly DateOfBirth,
    int AgeYears,
    string Ward,
    string Bed,
    IReadOnlyList<string> Substances,
    int Spo2Scale,
    bool Pregnant,
    string Status,
    DateTimeOffset AdmittedAt,
    DateTimeOffset? DischargedAt,
    string? DischargeNote,
    VitalsView? LatestVitals,
    CowsView? LatestCows,
    IReadOnlyList<AssessmentView> LatestAssessments,
    IReadOnlyList<ScaleRef> Scales,
    IReadOnlyList<Spo2ScaleChange> Spo2ScaleChanges,
    IReadOnlyList<SubstanceUseView>? SubstanceUse = null,
    DoseView? LastDose = null);

/// <summary>A scale the admission is assessed on, with where it is charted.</summary>
public sealed record ScaleRef(string Kind, string Name);

/// <summary>A physician's change of the SpO2 scale, as the patient page shows it.</summary>
public sealed record Spo2ScaleChange(int FromScale, int ToScale, string Reason, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>An admission with its latest valid scores, as every admission endpoint answers it.</summary>
public sealed class AdmissionReader(DbSession session, ChartReader chart, DoseReader doses, WardLookup wards, TimeProvider clock)
{
    private const string Select = """
        SELECT id AS Id, mrn AS Mrn, display_name AS DisplayName, date_of_birth AS DateOfBirth, ward_code AS Ward,
               bed_code AS Bed, substances AS Substances, spo2_scale AS Spo2Scale, pregnant AS Pregnant,
               admitted_at AS AdmittedAt, discharged_at AS DischargedAt, discharge_note AS DischargeNote
        FROM admissions
        WHERE id = @Id
        """;

    private const string ScaleChanges = """
        SELECT c.from_scale AS FromScale, c.to_scale AS ToScale, c.reason AS Reason, u.username AS ChangedBy, c.changed_at AS ChangedAt
        FROM spo2_scale_changes c JOIN users u ON u.id = c.changed_by
        WHERE c.admission_id = @Id ORDER BY c.changed_at
        """;

    public async Task<AdmissionView> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>(Select, new { Id = id }, cancellationToken)
            ?? throw new NotFoundException($"Admission {id} does not exist.");
        var assessments = await chart.LatestAssessmentsAsync(id, cancellationToken);
        var today = DateOnly.FromDateTime((row.DischargedAt ?? clock.GetUtcNow()).UtcDateTime);
        var classes = row.Substances.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var settings = await wards.SettingsAsync(row.Ward, cancellationToken);
        return new AdmissionView(
            row.Id, row.Mrn, row.DisplayName, row.DateOfBirth, Age.InYears(row.DateOfBirth, today), row.Ward, row.Bed,
            classes, row.Spo2Scale, row.Pregnant,
            row.DischargedAt is null ? "admitted" : "discharged", row.AdmittedAt, row.DischargedAt, row.DischargeNote,
            await chart.LatestVitalsAsync(id, cancellationToken),
            assessments.Select(a => a.AsCows()).FirstOrDefault(cows => cows is not null),
            assessments,
            [.. AssessmentScales.All.Where(scale => scale.IsScheduledFor(classes, settings)).Select(scale => new ScaleRef(scale.Kind, scale.Name))],
            [.. (await session.QueryAsync<ScaleChangeRow>(ScaleChanges, new { Id = id }, cancellationToken))
                .Select(c => new Spo2ScaleChange(c.FromScale, c.ToScale, c.Reason, c.ChangedBy, c.ChangedAt))],
            await doses.SubstancesAsync(id, classes, cancellationToken),
            await doses.LatestAsync(id, cancellationToken));
    }

    private sealed record ScaleChangeRow
    {
        public int FromScale { get; init; }
        public int ToScale { get; init; }
        public string Reason { get; init; } = "";
        public string ChangedBy { get; init; } = "";
        public DateTimeOffset ChangedAt { get; init; }
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Mrn { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public DateOnly DateOfBirth { get; init; }
        public string Ward { get; init; } = "";
        public string Bed { get; init; } = "";
        public string Substances { get; init; } = "";
        public int Spo2Scale { get; init; }
        public bool Pregnant { get; init; }
        public DateTimeOffset AdmittedAt { get; init; }
        public DateTimeOffset? DischargedAt { get; init; }
        public string? DischargeNote { get; init; }
    }
}
