using System.Text.Json;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Observations;

/// <summary>Reads charted observations back as views, with any entered-in-error marking.</summary>
public sealed class ChartReader(DbSession session)
{
    private const string VitalsColumns = """
        SELECT o.id AS Id, o.observed_at AS ObservedAt, o.recorded_at AS RecordedAt, u.username AS RecordedBy, o.note AS Note,
               v.respiratory_rate AS RespiratoryRate, v.spo2 AS Spo2, v.on_oxygen AS OnOxygen, v.systolic_bp AS SystolicBp,
               v.diastolic_bp AS DiastolicBp, v.heart_rate AS HeartRate, v.temperature_c AS TemperatureC,
               v.consciousness AS Consciousness, v.sedation AS Sedation, v.news2_total AS News2Total, v.news2_band AS News2Band,
               v.news2_parameters AS News2Parameters, v.news2_note AS News2Note,
               v.spo2_scale AS Spo2Scale, v.oxygen_device AS OxygenDevice, v.oxygen_flow_lpm AS OxygenFlowLpm, v.source AS Source,
               c.reason AS CorrectionReason, cu.username AS CorrectedBy, c.corrected_at AS CorrectedAt
        FROM observations o
        JOIN vital_signs v ON v.observation_id = o.id
        JOIN users u ON u.id = o.recorded_by
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        LEFT JOIN users cu ON cu.id = c.corrected_by
        """;

    private const string AssessmentColumns = """
        SELECT o.id AS Id, o.kind AS Kind, o.observed_at AS ObservedAt, o.recorded_at AS RecordedAt, u.username AS RecordedBy, o.note AS Note,
               a.total AS Total, a.band AS Band, a.items AS Items, a.measurements AS Measurements,
               c.reason AS CorrectionReason, cu.username AS CorrectedBy, c.corrected_at AS CorrectedAt
        FROM observations o
        JOIN assessments a ON a.observation_id = o.id
        JOIN users u ON u.id = o.recorded_by
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        LEFT JOIN users cu ON cu.id = c.corrected_by
        """;

    // Filtering on kind lets the (admission_id, kind, observed_at) index serve both the range and the order:
    // without it, "latest" sorted the whole history and charting slowed as a stay grew.
    public const string VitalsOfAdmission = VitalsColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals' AND o.observed_at >= @Since ORDER BY o.observed_at, o.recorded_at";
    // Timeline pages, completed by TimePage: one scale at a time, so that the (admission_id, kind, observed_at, id) index serves each.
    public const string VitalsPageOfAdmission = VitalsColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals'";
    public const string AssessmentsPageOfAdmission = AssessmentColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = @Kind";
    public const string LatestValidVitals = VitalsColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals' AND c.id IS NULL ORDER BY o.observed_at DESC, o.recorded_at DESC";
    public const string LatestCompleteValidVitals = VitalsColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = 'vitals' AND c.id IS NULL AND v.news2_total IS NOT NULL ORDER BY o.observed_at DESC, o.recorded_at DESC";
    public const string VitalsById = VitalsColumns + " WHERE o.id = @Id AND o.kind = 'vitals'";
    public const string AssessmentById = AssessmentColumns + " WHERE o.id = @Id";
    public const string LatestValidAssessment = AssessmentColumns + " WHERE o.admission_id = @AdmissionId AND o.kind = @Kind AND c.id IS NULL ORDER BY o.observed_at DESC, o.recorded_at DESC";

    public async Task<IReadOnlyList<VitalsView>> VitalsAsync(Guid admissionId, DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<VitalsRow>(VitalsOfAdmission, new { AdmissionId = admissionId, Since = since }, cancellationToken)).Select(ToView)];

    /// <summary>A page of the admission's vital signs in (observed_at, id) order.</summary>
    public async Task<IReadOnlyList<VitalsView>> VitalsPageAsync(TimePage page, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<VitalsRow>(page.Sql(session.Dialect, VitalsPageOfAdmission, "o.observed_at", "o.id"), page, cancellationToken)).Select(ToView)];

    /// <summary>A page of the admission's assessments on one scale in (observed_at, id) order.</summary>
    public async Task<IReadOnlyList<AssessmentView>> AssessmentsPageAsync(TimePage page, string kind, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<AssessmentRow>(
            page.Sql(session.Dialect, AssessmentsPageOfAdmission, "o.observed_at", "o.id"),
            new { page.AdmissionId, page.Since, page.Until, page.AfterAt, page.AfterId, Kind = kind },
            cancellationToken)).Select(ToView)];

    public async Task<VitalsView?> LatestVitalsAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<VitalsRow>(session.Dialect.Top(1, LatestValidVitals), new { AdmissionId = admissionId }, cancellationToken);
        return rows.Count == 0 ? null : ToView(rows[0]);
    }

    /// <summary>The latest valid set with every NEWS2 parameter: the one the schedule and the overdue priority start from.</summary>
    public async Task<VitalsView?> LatestCompleteVitalsAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<VitalsRow>(session.Dialect.Top(1, LatestCompleteValidVitals), new { AdmissionId = admissionId }, cancellationToken);
        return rows.Count == 0 ? null : ToView(rows[0]);
    }

    public async Task<VitalsView?> VitalsByIdAsync(Guid id, CancellationToken cancellationToken) =>
        (await session.QuerySingleOrDefaultAsync<VitalsRow>(VitalsById, new { Id = id }, cancellationToken)) is { } row ? ToView(row) : null;

    public async Task<AssessmentView?> AssessmentByIdAsync(Guid id, CancellationToken cancellationToken) =>
        (await session.QuerySingleOrDefaultAsync<AssessmentRow>(AssessmentById, new { Id = id }, cancellationToken)) is { } row ? ToView(row) : null;

    public async Task<AssessmentView?> LatestAssessmentAsync(Guid admissionId, string kind, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<AssessmentRow>(session.Dialect.Top(1, LatestValidAssessment), new { AdmissionId = admissionId, Kind = kind }, cancellationToken);
        return rows.Count == 0 ? null : ToView(rows[0]);
    }

    /// <summary>The latest valid assessment of each scale the admission has been assessed on.</summary>
    public async Task<IReadOnlyList<AssessmentView>> LatestAssessmentsAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var latest = new List<AssessmentView>();
        foreach (var scale in AssessmentScales.All)
        {
            if (await LatestAssessmentAsync(admissionId, scale.Kind, cancellationToken) is { } view)
            {
                latest.Add(view);
            }
        }
        return latest;
    }

    public static News2Band ParseBand(string band) => Enum.Parse<News2Band>(band.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);

    private static VitalsView ToView(VitalsRow row)
    {
        var band = row.News2Band is null ? (News2Band?)null : ParseBand(row.News2Band);
        var interval = row.News2Total is { } total && band is { } b ? (int?)News2.MinimumObservationInterval(total, b).TotalMinutes : null;
        return new VitalsView(
            row.Id, row.ObservedAt, row.RecordedAt, row.RecordedBy,
            row.RespiratoryRate, row.Spo2, row.OnOxygen, row.SystolicBp, row.DiastolicBp, row.HeartRate, row.TemperatureC,
            row.Consciousness, row.Sedation, row.Note,
            new News2View(row.News2Total, band, JsonSerializer.Deserialize<Dictionary<string, int>>(row.News2Parameters) ?? [], row.News2Note, interval),
            ObservationMapping.Correction(row.CorrectionReason, row.CorrectedBy, row.CorrectedAt),
            row.Spo2Scale, row.OxygenDevice, row.OxygenFlowLpm, row.Source);
    }

    private static AssessmentView ToView(AssessmentRow row) => new(
        row.Id, row.Kind, AssessmentScales.Find(row.Kind)?.Name ?? row.Kind, row.ObservedAt, row.RecordedAt, row.RecordedBy, row.Total, row.Band,
        JsonSerializer.Deserialize<Dictionary<string, int>>(row.Items) ?? [],
        row.Measurements is null ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(row.Measurements),
        row.Note,
        ObservationMapping.Correction(row.CorrectionReason, row.CorrectedBy, row.CorrectedAt));

    private abstract record ObservationRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset ObservedAt { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public string? Note { get; init; }
        public string? CorrectionReason { get; init; }
        public string? CorrectedBy { get; init; }
        public DateTimeOffset? CorrectedAt { get; init; }
    }

    private sealed record VitalsRow : ObservationRow
    {
        public int? RespiratoryRate { get; init; }
        public int? Spo2 { get; init; }
        public bool? OnOxygen { get; init; }
        public int? SystolicBp { get; init; }
        public int? DiastolicBp { get; init; }
        public int? HeartRate { get; init; }
        public decimal? TemperatureC { get; init; }
        public string? Consciousness { get; init; }
        public string? Sedation { get; init; }
        public int? News2Total { get; init; }
        public string? News2Band { get; init; }
        public string News2Parameters { get; init; } = "{}";
        public string? News2Note { get; init; }
        public int Spo2Scale { get; init; } = 1;
        public string? OxygenDevice { get; init; }
        public decimal? OxygenFlowLpm { get; init; }
        public string Source { get; init; } = VitalsSources.Manual;
    }

    private sealed record AssessmentRow : ObservationRow
    {
        public string Kind { get; init; } = "";
        public int Total { get; init; }
        public string Band { get; init; } = "";
        public string Items { get; init; } = "{}";
        public string? Measurements { get; init; }
    }
}
