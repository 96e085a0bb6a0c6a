using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Wards;

public static class ListWards
{
    public sealed record Query : IQuery<IReadOnlyList<WardSummary>>;

    public sealed record WardSummary(string Code, string Name, int Capacity, int Occupied, IReadOnlyList<BedSummary> Beds);

    public sealed record BedSummary(string Code, Guid? AdmissionId, string? Patient);

    private const string Select = """
        SELECT w.code AS WardCode, w.name AS WardName, b.code AS BedCode, a.id AS AdmissionId, a.display_name AS Patient
        FROM wards w
        JOIN beds b ON b.ward_code = w.code
        LEFT JOIN admissions a ON a.bed_code = b.code AND a.discharged_at IS NULL
        ORDER BY w.code, b.position
        """;

    public sealed class Handler(DbSession session, CurrentUser user, AuditTrail audit) : IQueryHandler<Query, IReadOnlyList<WardSummary>>
    {
        public async ValueTask<IReadOnlyList<WardSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync<Row>(Select, null, cancellationToken);
            var wards = rows
                .Where(row => user.CanSeeWard(row.WardCode))
                .GroupBy(row => (row.WardCode, row.WardName))
                .Select(ward => new WardSummary(
                    ward.Key.WardCode,
                    ward.Key.WardName,
                    ward.Count(),
                    ward.Count(bed => bed.AdmissionId is not null),
                    [.. ward.Select(bed => new BedSummary(bed.BedCode, bed.AdmissionId, bed.Patient))]))
                .ToList();
            // Bed occupancy names patients: reading it is a read of patient data.
            await audit.RecordAsync("wards.listed", null, "wards", cancellationToken);
            return wards;
        }
    }

    private sealed record Row
    {
        public string WardCode { get; init; } = "";
        public string WardName { get; init; } = "";
        public string BedCode { get; init; } = "";
        public Guid? AdmissionId { get; init; }
        public string? Patient { get; init; }
    }
}
