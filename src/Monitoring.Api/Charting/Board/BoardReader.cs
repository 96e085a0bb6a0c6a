using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Board;

public sealed record BoardView(string Ward, string Name, DateTimeOffset GeneratedAt, IReadOnlyList<BedTile> Beds, AudioPauseView? AudioPause = null);

/// <summary>
/// One bed. <see cref="Assessments"/> holds the latest valid assessment per scale and <see cref="Due"/> every
/// scheduled kind; <see cref="Cows"/>, <see cref="NextVitalsDue"/> and <see cref="NextCowsDue"/> repeat them for older clients.
/// </summary>
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
    int ActiveAlerts,
    IReadOnlyList<LatestAssessment> Assessments,
    IReadOnlyList<DueObservation> Due,
    DoseView? LastDose = null,
    LatestVitals? Vitals = null,
    MonitorTile? Monitor = null);

/// <summary>
/// The last complete NEWS2 (the worse of two that conflict within 10 min), with <see cref="NewerPartialAt"/> when a
/// newer incomplete set was charted since; <see cref="CensusBand"/> is high while a news2-high alert is open, as for a
/// partial or pregnant set that scored no total.
/// </summary>
public sealed record LatestNews2(int? Total, News2Band? Band, DateTimeOffset ObservedAt)
{
    public DateTimeOffset? NewerPartialAt { get; init; }

    public News2Band? CensusBand { get; init; }
}

/// <summary>
/// The signs of opioid toxicity a tile shows beside NEWS2: breathing, saturation and sedation, with the SpO2 scale they
/// were scored on and <see cref="Flags"/>: each value's NEWS2 parameter score (0–3), POSS as 3 when 3 or more, so that
/// the dashboard flags what the service scored and keeps no thresholds of its own.
/// </summary>
public sealed record LatestVitals(int? RespiratoryRate, int? Spo2, bool? OnOxygen, string? Sedation, string? Consciousness, DateTimeOffset ObservedAt)
{
    /// <summary>When each value shown was observed: a set that charted only some parameters blanks none of the others.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> ObservedAtOf { get; init; } = new Dictionary<string, DateTimeOffset>();

    public int Spo2Scale { get; init; } = 1;

    /// <summary>"Scale 2 (88–92 %)": the target the saturation is read against.</summary>
    public string Spo2ScaleName => SpO2Scales.NameOf(Spo2Scale);

    public IReadOnlyDictionary<string, int> Flags { get; init; } = new Dictionary<string, int>();
}

/// <summary>The latest COWS for older clients; <see cref="Severity"/> is its band's name (none, mild, moderate, moderately-severe, severe).</summary>
public sealed record LatestCows(int Total, string Severity, DateTimeOffset ObservedAt);

/// <summary>The latest valid assessment on one scale; <see cref="Flagged"/> when its band is one the scale flags.</summary>
public sealed record LatestAssessment(string Kind, string Scale, int Total, string Severity, DateTimeOffset ObservedAt)
{
    public bool Flagged => AssessmentScales.Find(Kind)?.Bands.FirstOrDefault(band => band.Name == Severity)?.Flagged ?? false;
}

/// <summary>A round due: <see cref="OverdueAt"/> is when it becomes overdue (due time plus the ward's grace), the moment the census and the overdue alert use too.</summary>
/// <summary>The next round of one kind; <see cref="DoseCheck"/> when a dose brought it forward (POSS + RR after methadone, COWS after buprenorphine).</summary>
public sealed record DueObservation(string Kind, string Name, DateTimeOffset At, string Basis, bool Overdue, DateTimeOffset OverdueAt)
{
    public bool DoseCheck { get; init; }
}

/// <summary>One tile per bed with the patient's latest valid scores and what is due: the ward at a glance.</summary>
public sealed class BoardReader(DbSession session, WardLookup wards, DoseReader doses, AudioPauseReader pauses, TimeProvider clock)
{
    private const string Beds = """
        SELECT w.name AS WardName, b.code AS Bed, a.id AS AdmissionId, a.display_name AS Patient, a.date_of_birth AS DateOfBirth,
               a.admitted_at AS AdmittedAt
        FROM beds b
        JOIN wards w ON w.code = b.ward_code
        LEFT JOIN admissions a ON a.bed_code = b.code AND a.discharged_at IS NULL
        WHERE b.ward_code = @Ward
        ORDER BY b.position
        """;

    private const string Schedules = """
        SELECT s.admission_id AS AdmissionId, s.kind AS Kind, s.next_due AS NextDue, s.basis AS Basis, s.dose_id AS DoseId
        FROM observation_schedules s
        JOIN admissions a ON a.id = s.admission_id
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL
        """;

    // The recent valid sets of each patient, newest first: each parameter shows its latest charted value. Each open
    // admission's newest 24 are sought by the (admission_id, kind, observed_at) index, whatever the length of the stay:
    // SQL Server takes them by CROSS APPLY; SQLite, which has no lateral join, bounds the range at the 24th newest valid set.
    private const string RecentVitals = """
        SELECT a.id AS AdmissionId, recent.Total, recent.Band, recent.ObservedAt, recent.RespiratoryRate, recent.Spo2, recent.OnOxygen,
               recent.Sedation, recent.Consciousness, recent.Spo2Scale, recent.News2Parameters
        FROM admissions a
        CROSS APPLY (
            SELECT TOP (24) v.news2_total AS Total, v.news2_band AS Band, o.observed_at AS ObservedAt, o.recorded_at AS RecordedAt,
                   v.respiratory_rate AS RespiratoryRate, v.spo2 AS Spo2, v.on_oxygen AS OnOxygen, v.sedation AS Sedation, v.consciousness AS Consciousness,
                   v.spo2_scale AS Spo2Scale, v.news2_parameters AS News2Parameters
            FROM observations o
            JOIN vital_signs v ON v.observation_id = o.id
            WHERE o.admission_id = a.id AND o.kind = 'vitals'
              AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id)
            ORDER BY o.observed_at DESC, o.recorded_at DESC
        ) recent
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL
        ORDER BY a.id, recent.ObservedAt DESC, recent.RecordedAt DESC
        """;

    private static readonly string SqliteRecentVitals = """
        SELECT AdmissionId, Total, Band, ObservedAt, RespiratoryRate, Spo2, OnOxygen, Sedation, Consciousness, Spo2Scale, News2Parameters FROM (
            SELECT o.admission_id AS AdmissionId, v.news2_total AS Total, v.news2_band AS Band, o.observed_at AS ObservedAt,
                   v.respiratory_rate AS RespiratoryRate, v.spo2 AS Spo2, v.on_oxygen AS OnOxygen, v.sedation AS Sedation, v.consciousness AS Consciousness,
                   v.spo2_scale AS Spo2Scale, v.news2_parameters AS News2Parameters,
                   ROW_NUMBER() OVER (PARTITION BY o.admission_id ORDER BY o.observed_at DESC, o.recorded_at DESC) AS RowNumber
            FROM admissions a
            JOIN observations o ON o.admission_id = a.id AND o.kind = 'vitals' AND o.observed_at >= COALESCE((
                SELECT r.observed_at FROM observations r
                WHERE r.admission_id = a.id AND r.kind = 'vitals'
                  AND NOT EXISTS (SELECT 1 FROM observation_corrections rc WHERE rc.observation_id = r.id)
                ORDER BY r.observed_at DESC LIMIT 1 OFFSET 23), '')
            JOIN vital_signs v ON v.observation_id = o.id
            LEFT JOIN observation_corrections c ON c.observation_id = o.id
            WHERE a.ward_code = @Ward AND a.discharged_at IS NULL AND c.id IS NULL
        ) recent
        WHERE RowNumber <= 24
        ORDER BY AdmissionId, RowNumber
        """;

    private const string OpenNews2High = """
        SELECT DISTINCT admission_id FROM alerts
        WHERE ward_code = @Ward AND code = 'news2-high' AND status <> 'resolved' AND cleared_at IS NULL
        """;

    private const string LatestAssessments = """
        SELECT AdmissionId, Kind, Total, Band, ObservedAt FROM (
            SELECT o.admission_id AS AdmissionId, x.kind AS Kind, x.total AS Total, x.band AS Band, o.observed_at AS ObservedAt,
                   ROW_NUMBER() OVER (PARTITION BY o.admission_id, x.kind ORDER BY o.observed_at DESC, o.recorded_at DESC) AS RowNumber
            FROM observations o
            JOIN assessments x ON x.observation_id = o.id
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
        var schedules = (await session.QueryAsync<ScheduleRow>(Schedules, new { Ward = ward }, cancellationToken)).ToLookup(row => row.AdmissionId);
        var recentVitals = session.Dialect.AppliesPerRow ? RecentVitals : SqliteRecentVitals;
        var vitals = (await session.QueryAsync<TileVitals.Row>(recentVitals, new { Ward = ward }, cancellationToken)).ToLookup(row => row.AdmissionId);
        var news2High = (await session.QueryAsync<Guid>(OpenNews2High, new { Ward = ward }, cancellationToken)).ToHashSet();
        var assessments = (await session.QueryAsync<AssessmentRow>(LatestAssessments, new { Ward = ward }, cancellationToken)).ToLookup(row => row.AdmissionId);
        var alerts = (await session.QueryAsync<AlertCount>(ActiveAlerts, new { Ward = ward }, cancellationToken)).ToDictionary(row => row.AdmissionId, row => row.Count);
        // The same rule as the overdue alert (due time plus the ward's grace), so the tile, census and alerts agree.
        var settings = await wards.SettingsAsync(ward, cancellationToken);
        var lastDoses = await doses.LatestOfWardAsync(ward, cancellationToken);

        var tiles = beds.Select(bed =>
        {
            if (bed.AdmissionId is not { } id)
            {
                return new BedTile(bed.Bed, null, null, null, null, null, null, null, null, false, 0, [], []);
            }
            var (news2, signs) = TileVitals.Of([.. vitals[id]], news2High.Contains(id));
            var latest = assessments[id]
                .OrderBy(row => ObservationScheduler.DisplayOrder(row.Kind))
                .Select(row => new LatestAssessment(row.Kind, ObservationScheduler.NameOf(row.Kind), row.Total, row.Band, row.ObservedAt))
                .ToList();
            var due = schedules[id]
                .OrderBy(row => ObservationScheduler.DisplayOrder(row.Kind))
                .Select(row => new DueObservation(row.Kind, ObservationScheduler.NameOf(row.Kind), row.NextDue, row.Basis, ObservationSchedule.IsOverdue(row.NextDue, now, settings), row.NextDue + settings.OverdueGrace)
                {
                    DoseCheck = row.DoseId is not null,
                })
                .ToList();
            var cows = latest.FirstOrDefault(a => a.Kind == CowsScale.Instance.Kind) is { } c
                ? new LatestCows(c.Total, c.Severity, c.ObservedAt)
                : null;
            return new BedTile(bed.Bed, id, bed.Patient, Age.InYears(bed.DateOfBirth!.Value, DateOnly.FromDateTime(now.UtcDateTime)),
                bed.AdmittedAt, news2, cows,
                due.FirstOrDefault(d => d.Kind == ObservationScheduler.VitalsKind)?.At,
                due.FirstOrDefault(d => d.Kind == CowsScale.Instance.Kind)?.At,
                due.Any(d => d.Overdue), alerts.GetValueOrDefault(id), latest, due, lastDoses.GetValueOrDefault(id), signs);
        }).ToList();
        return new BoardView(ward, beds.FirstOrDefault()?.WardName ?? ward, now, tiles, await pauses.CurrentAsync(ward, cancellationToken));
    }

    private sealed record BedRow
    {
        public string WardName { get; init; } = "";
        public string Bed { get; init; } = "";
        public Guid? AdmissionId { get; init; }
        public string? Patient { get; init; }
        public DateOnly? DateOfBirth { get; init; }
        public DateTimeOffset? AdmittedAt { get; init; }
    }

    private sealed record ScheduleRow
    {
        public Guid AdmissionId { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset NextDue { get; init; }
        public string Basis { get; init; } = "";
        public Guid? DoseId { get; init; }
    }

    private sealed record AssessmentRow
    {
        public Guid AdmissionId { get; init; }
        public string Kind { get; init; } = "";
        public int Total { get; init; }
        public string Band { get; init; } = "";
        public DateTimeOffset ObservedAt { get; init; }
    }

    private sealed record AlertCount
    {
        public Guid AdmissionId { get; init; }
        public int Count { get; init; }
    }
}
