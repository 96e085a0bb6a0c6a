using Monitoring.Api.Data;

namespace Monitoring.Api.Charting.Admissions;

/// <summary>Which ward a bed is on, and whether a patient lies in it.</summary>
public static class Beds
{
    private const string WardOf = "SELECT ward_code FROM beds WHERE code = @Bed";
    private const string OpenOnBed = "SELECT COUNT(*) FROM admissions WHERE bed_code = @Bed AND discharged_at IS NULL";

    public static Task<string?> WardOfAsync(DbSession session, string? bed, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<string>(WardOf, new { Bed = bed }, cancellationToken);

    public static async Task<bool> IsOccupiedAsync(DbSession session, string? bed, CancellationToken cancellationToken) =>
        await session.ExecuteScalarAsync<long>(OpenOnBed, new { Bed = bed }, cancellationToken) > 0;
}
