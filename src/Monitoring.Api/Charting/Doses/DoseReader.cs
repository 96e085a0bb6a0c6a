using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Doses;

/// <summary>Reads charted doses back as views, with any entered-in-error marking, and an admission's substances.</summary>
public sealed class DoseReader(DbSession session)
{
    private const string Columns = """
        SELECT d.id AS Id, d.admission_id AS AdmissionId, d.drug AS Drug, d.drug_class AS DrugClass, d.dose AS Dose, d.unit AS Unit,
               d.dose_mg AS DoseMg, d.route AS Route, d.given_at AS GivenAt, d.recorded_at AS RecordedAt, u.username AS RecordedBy,
               d.reason AS Reason, d.note AS Note, c.reason AS CorrectionReason, cu.username AS CorrectedBy, c.corrected_at AS CorrectedAt
        FROM doses d
        JOIN users u ON u.id = d.recorded_by
        LEFT JOIN dose_corrections c ON c.dose_id = d.id
        LEFT JOIN users cu ON cu.id = c.corrected_by
        """;

    public const string OfAdmission = Columns + " WHERE d.admission_id = @AdmissionId AND d.given_at >= @Since ORDER BY d.given_at, d.recorded_at";
    public const string PageOfAdmission = Columns + " WHERE d.admission_id = @AdmissionId";
    public const string LatestValid = Columns + " WHERE d.admission_id = @AdmissionId AND c.id IS NULL ORDER BY d.given_at DESC, d.recorded_at DESC";

    // The latest valid dose of each patient on the ward, for the board's tiles.
    public const string LatestOfWard = """
        SELECT Id, AdmissionId, Drug, DrugClass, Dose, Unit, DoseMg, Route, GivenAt, RecordedAt, RecordedBy, Reason, Note,
               CorrectionReason, CorrectedBy, CorrectedAt FROM (
            SELECT d.id AS Id, d.admission_id AS AdmissionId, d.drug AS Drug, d.drug_class AS DrugClass, d.dose AS Dose, d.unit AS Unit,
                   d.dose_mg AS DoseMg, d.route AS Route, d.given_at AS GivenAt, d.recorded_at AS RecordedAt, u.username AS RecordedBy,
                   d.reason AS Reason, d.note AS Note, NULL AS CorrectionReason, NULL AS CorrectedBy, NULL AS CorrectedAt,
                   ROW_NUMBER() OVER (PARTITION BY d.admission_id ORDER BY d.given_at DESC, d.recorded_at DESC) AS RowNumber
            FROM doses d
            JOIN admissions a ON a.id = d.admission_id
            JOIN users u ON u.id = d.recorded_by
            LEFT JOIN dose_corrections c ON c.dose_id = d.id
            WHERE a.ward_code = @Ward AND a.discharged_at IS NULL AND c.id IS NULL
        ) latest
        WHERE RowNumber = 1
        """;

    private const string SubstancesOf = AdmissionSubstances.Current;

    public async Task<IReadOnlyList<DoseView>> OfAdmissionAsync(Guid admissionId, DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>(OfAdmission, new { AdmissionId = admissionId, Since = since }, cancellationToken)).Select(ToView)];

    /// <summary>A page of the admission's doses in (given_at, id) order, for the timeline.</summary>
    public async Task<IReadOnlyList<DoseView>> PageAsync(TimePage page, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>(page.Sql(session.Dialect, PageOfAdmission, "d.given_at", "d.id"), page, cancellationToken)).Select(ToView)];

    public async Task<IReadOnlyDictionary<Guid, DoseView>> LatestOfWardAsync(string ward, CancellationToken cancellationToken) =>
        (await session.QueryAsync<Row>(LatestOfWard, new { Ward = ward }, cancellationToken)).ToDictionary(row => row.AdmissionId, ToView);

    public async Task<DoseView?> LatestAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<Row>(session.Dialect.Top(1, LatestValid), new { AdmissionId = admissionId }, cancellationToken);
        return rows.Count == 0 ? null : ToView(rows[0]);
    }

    /// <summary>Substances as named at admission, with last use; for an admission from before last use was recorded, its classes.</summary>
    public async Task<IReadOnlyList<SubstanceUseView>> SubstancesAsync(Guid admissionId, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<SubstanceRow>(SubstancesOf, new { AdmissionId = admissionId }, cancellationToken);
        return rows.Count > 0
            ? [.. rows.Select(row => new SubstanceUseView(row.Substance, Substances.ClassOf(row.Substance), row.LastUseAt))]
            : [.. classes.Where(Substances.IsKnown).Select(name => new SubstanceUseView(name, Substances.ClassOf(name), null))];
    }

    private static DoseView ToView(Row row) => new(
        row.Id, row.AdmissionId, row.Drug, row.DrugClass, row.Dose, row.Unit, row.DoseMg, row.Route, row.GivenAt, row.RecordedAt, row.RecordedBy,
        row.Reason, row.Note, ObservationMapping.Correction(row.CorrectionReason, row.CorrectedBy, row.CorrectedAt));

    private sealed record Row
    {
        public Guid Id { get; init; }
        public Guid AdmissionId { get; init; }
        public string Drug { get; init; } = "";
        public string DrugClass { get; init; } = "";
        public decimal Dose { get; init; }
        public string Unit { get; init; } = "";
        public decimal DoseMg { get; init; }
        public string Route { get; init; } = "";
        public DateTimeOffset GivenAt { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public string? Reason { get; init; }
        public string? Note { get; init; }
        public string? CorrectionReason { get; init; }
        public string? CorrectedBy { get; init; }
        public DateTimeOffset? CorrectedAt { get; init; }
    }

    private sealed record SubstanceRow
    {
        public string Substance { get; init; } = "";
        public DateTimeOffset? LastUseAt { get; init; }
    }
}
