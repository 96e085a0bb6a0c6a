using Monitoring.Api.Data;
using Monitoring.Api.Features.Charting;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Wards;

public sealed record BoardView(string Ward, string Name, DateTimeOffset GeneratedAt, IReadOnlyList<BedTile> Beds);

public sealed record BedTile(
    string Bed,
    Guid? AdmissionId,
    string? Patient,
    int? AgeYears,
    DateTimeOffset? AdmittedAt,
    LatestNews2? News2,
    LatestCows? Cows,
    DateTimeOffset? NextVitalsDue,
    DateTimeOffset? NextCowsDue,
    bool Overdue,
    int ActiveAlerts);

public sealed record LatestNews2(int? Total, News2Band? Band, DateTimeOffset ObservedAt);

public sealed record LatestCows(int Total, CowsSeverity Severity, DateTimeOffset ObservedAt);

/// <summary>One tile per bed with the patient's latest valid scores and what is due: the ward at a glance.</summary>
public sealed class BoardReader(DbSession session, WardLookup wards, TimeProvider clock)
{
    private const string Beds = """
        SELECT w.name AS WardName, b.code AS Bed, a.id AS AdmissionId, a.display_name AS Patient, a.date_of_birth AS DateOfBirth,
               a.admitted_at AS AdmittedAt, s.next_vitals_due AS NextVitalsDue, s.next_cows_due AS NextCowsDue
        FROM beds b
        JOIN wards w ON w.code = b.ward_code
        LEFT JOIN admissions a ON a.bed_code = b.code AND a.discharged_at IS NULL
        LEFT JOIN observation_schedule s ON s.admission_id = a.id
        WHERE b.ward_code = @Ward
        ORDER BY b.position
        """;

    private const string LatestVitals = """
        SELECT AdmissionId, Total, Band, ObservedAt FROM (
            SELECT o.admission_id AS AdmissionId, v.news2_total AS Total, v.news2_band AS Band, o.observed_at AS ObservedAt,
                   ROW_NUMBER() OVER (PARTITION BY o.admission_id ORDER BY o.observed_at DESC, o.recorded_at DESC) AS RowNumber
            FROM observations o
            JOIN vital_signs v ON v.observation_id = o.id
            JOIN admissions a ON a.id = o.admission_id
            LEFT JOIN observation_corrections c ON c.observation_id = o.id
            WHERE a.ward_code = @Ward AND a.discharged_at IS NULL AND c.id IS NULL
        ) latest
        WHERE RowNumber = 1
        """;

    private const string LatestCows = """
        SELECT AdmissionId, Total, Severity, ObservedAt FROM (
            SELECT o.admission_id AS AdmissionId, x.total AS Total, x.severity AS Severity, o.observed_at AS ObservedAt,
                   ROW_NUMBER() OVER (PARTITION BY o.admission_id ORDER BY o.observed_at DESC, o.recorded_at DESC) AS RowNumber
            FROM observations o
            JOIN cows_assessments x ON x.observation_id = o.id
            JOIN admissions a ON a.id = o.admission_id
            LEFT JOIN observation_corrections c ON c.observation_id = o.id
            WHERE a.ward_code = @Ward AND a.discharged_at IS NULL AND c.id IS NULL
        ) latest
        WHERE RowNumber = 1
        """;

    private const string ActiveAlerts = """
        SELECT admission_id AS AdmissionId, COUNT(*) AS Count FROM alerts
        WHERE ward_code = @Ward AND status = 'active'
        GROUP BY admission_id
        """;

    public async Task<BoardView> ReadAsync(string ward, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var beds = await session.QueryAsync<BedRow>(Beds, new { Ward = ward }, cancellationToken);
        var vitals = (await session.QueryAsync<VitalsRow>(LatestVitals, new { Ward = ward }, cancellationToken)).ToDictionary(row => row.AdmissionId);
        var cows = (await session.QueryAsync<CowsRow>(LatestCows, new { Ward = ward }, cancellationToken)).ToDictionary(row => row.AdmissionId);
        var alerts = (await session.QueryAsync<AlertCount>(ActiveAlerts, new { Ward = ward }, cancellationToken)).ToDictionary(row => row.AdmissionId, row => row.Count);
        var settings = await wards.SettingsAsync(ward, cancellationToken);
        bool Overdue(DateTimeOffset? due) => due is { } at && ObservationSchedule.IsOverdue(at, now, settings);

        var tiles = beds.Select(bed =>
        {
            if (bed.AdmissionId is not { } id)
            {
                return new BedTile(bed.Bed, null, null, null, null, null, null, null, null, false, 0);
            }
            var news2 = vitals.TryGetValue(id, out var v)
                ? new LatestNews2(v.Total, v.Band is null ? null : ChartReader.ParseBand(v.Band), v.ObservedAt)
                : null;
            var latestCows = cows.TryGetValue(id, out var c) ? new LatestCows(c.Total, ChartReader.ParseSeverity(c.Severity), c.ObservedAt) : null;
            // The same rule as the overdue alert (due time plus the ward's grace), so the tile, census and alerts agree.
            var overdue = Overdue(bed.NextVitalsDue) || Overdue(bed.NextCowsDue);
            return new BedTile(bed.Bed, id, bed.Patient, Age.InYears(bed.DateOfBirth!.Value, DateOnly.FromDateTime(now.UtcDateTime)),
                bed.AdmittedAt, news2, latestCows, bed.NextVitalsDue, bed.NextCowsDue, overdue, alerts.GetValueOrDefault(id));
        }).ToList();
        return new BoardView(ward, beds.FirstOrDefault()?.WardName ?? ward, now, tiles);
    }

    private sealed record BedRow
    {
        public string WardName { get; init; } = "";
        public string Bed { get; init; } = "";
        public Guid? AdmissionId { get; init; }
        public string? Patient { get; init; }
        public DateOnly? DateOfBirth { get; init; }
        public DateTimeOffset? AdmittedAt { get; init; }
        public DateTimeOffset? NextVitalsDue { get; init; }
        public DateTimeOffset? NextCowsDue { get; init; }
    }

    private sealed record VitalsRow
    {
        public Guid AdmissionId { get; init; }
        public int? Total { get; init; }
        public string? Band { get; init; }
        public DateTimeOffset ObservedAt { get; init; }
    }

    private sealed record CowsRow
    {
        public Guid AdmissionId { get; init; }
        public int Total { get; init; }
        public string Severity { get; init; } = "";
        public DateTimeOffset ObservedAt { get; init; }
    }

    private sealed record AlertCount
    {
        public Guid AdmissionId { get; init; }
        public int Count { get; init; }
    }
}
