using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Wards;

/// <summary>
/// The unit manager's numbers, computed from the same rows the board and the chart show, so they
/// cannot disagree. "Today" is the UTC day.
/// </summary>
public static class GetCensus
{
    public sealed record Query(string Ward) : IQuery<CensusView>;

    public sealed record CensusView(
        string Ward,
        DateTimeOffset GeneratedAt,
        int Capacity,
        int Occupied,
        News2Bands News2Bands,
        CowsSeverities CowsSeverities,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> AssessmentSeverities,
        int OverdueObservations,
        AlertCounts ActiveAlerts,
        int AlertsRaisedToday,
        double? MedianTimeToAcknowledgeSecondsToday,
        double? AverageLengthOfStayHours);

    public sealed record News2Bands(int Low, int LowMedium, int Medium, int High, int NotComputed);

    public sealed record CowsSeverities(int None, int Mild, int Moderate, int ModeratelySevere, int Severe, int NotAssessed);

    public sealed record AlertCounts(int High, int Medium, int Low);

    private const string ActiveByPriority = """
        SELECT priority AS Priority, COUNT(*) AS Count FROM alerts WHERE ward_code = @Ward AND status = 'active' GROUP BY priority
        """;

    private const string RaisedToday = """
        SELECT raised_at AS RaisedAt, activated_at AS ActivatedAt, acknowledged_at AS AcknowledgedAt
        FROM alerts WHERE ward_code = @Ward AND (raised_at >= @DayStart OR acknowledged_at >= @DayStart)
        """;

    public sealed class Handler(WardLookup wards, CurrentUser user, BoardReader board, DbSession session, AuditTrail audit)
        : IQueryHandler<Query, CensusView>
    {
        public async ValueTask<CensusView> Handle(Query query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var view = await board.ReadAsync(query.Ward, cancellationToken);
            var now = view.GeneratedAt;
            var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var patients = view.Beds.Where(bed => bed.AdmissionId is not null).ToList();

            var active = (await session.QueryAsync<PriorityCount>(ActiveByPriority, new { query.Ward }, cancellationToken))
                .ToDictionary(row => row.Priority, row => row.Count);
            var today = await session.QueryAsync<AlertTimes>(RaisedToday, new { query.Ward, DayStart = dayStart }, cancellationToken);
            var acknowledgeSeconds = today
                .Where(alert => alert.AcknowledgedAt >= dayStart)
                .Select(alert => (alert.AcknowledgedAt!.Value - alert.ActivatedAt).TotalSeconds)
                .ToList();

            // The older COWS-only counts, in the order of COWS's bands: none, mild, moderate, moderately severe, severe.
            var cows = CowsScale.Instance.Bands.Select(band => patients.Count(p => p.Cows?.Severity == band.Name)).ToList();
            await audit.RecordAsync("census.read", null, $"ward/{query.Ward}/census", cancellationToken);
            return new CensusView(
                query.Ward,
                now,
                view.Beds.Count,
                patients.Count,
                new News2Bands(
                    patients.Count(p => p.News2?.CensusBand == News2Band.Low),
                    patients.Count(p => p.News2?.CensusBand == News2Band.LowMedium),
                    patients.Count(p => p.News2?.CensusBand == News2Band.Medium),
                    patients.Count(p => p.News2?.CensusBand == News2Band.High),
                    patients.Count(p => p.News2?.CensusBand is null)),
                new CowsSeverities(cows[0], cows[1], cows[2], cows[3], cows[4], patients.Count(p => p.Cows is null)),
                AssessmentScales.All.ToDictionary(scale => scale.Kind, scale => SeveritiesOf(scale, patients)),
                patients.Count(p => p.Overdue),
                new AlertCounts(active.GetValueOrDefault("high"), active.GetValueOrDefault("medium"), active.GetValueOrDefault("low")),
                today.Count(alert => alert.RaisedAt >= dayStart),
                Median(acknowledgeSeconds),
                patients.Count == 0 ? null : Math.Round(patients.Average(p => (now - p.AdmittedAt!.Value).TotalHours), 1));
        }
    }

    /// <summary>Patients per band of the scale; not-assessed counts those scheduled for it without a valid assessment yet.</summary>
    private static IReadOnlyDictionary<string, int> SeveritiesOf(AssessmentScale scale, IReadOnlyList<BedTile> patients)
    {
        var latest = patients.Select(p => p.Assessments.FirstOrDefault(a => a.Kind == scale.Kind)).ToList();
        var counts = scale.Bands.ToDictionary(band => band.Name, band => latest.Count(a => a?.Severity == band.Name));
        counts["not-assessed"] = patients.Count(p => p.Due.Any(d => d.Kind == scale.Kind) && p.Assessments.All(a => a.Kind != scale.Kind));
        return counts;
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return Math.Round(sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 1);
    }

    private sealed record PriorityCount
    {
        public string Priority { get; init; } = "";
        public int Count { get; init; }
    }

    private sealed record AlertTimes
    {
        public DateTimeOffset RaisedAt { get; init; }
        public DateTimeOffset ActivatedAt { get; init; }
        public DateTimeOffset? AcknowledgedAt { get; init; }
    }
}
