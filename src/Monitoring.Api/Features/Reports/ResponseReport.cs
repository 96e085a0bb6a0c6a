using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// How fast the ward answers its alerts, per priority and per shift (the shift on the ward's clock when the alert
/// was raised): raised, time to the first acknowledgement and to the first recorded response (p50/p90,
/// nearest-rank), how many escalated, how many are still waiting to be acknowledged.
/// </summary>
public static class ResponseReport
{
    public sealed record Query(string Ward, string? Since, string? Until) : IQuery<Report>;

    public sealed record Report(string Ward, string TimeZone, DateTimeOffset Since, DateTimeOffset Until, string Percentiles, IReadOnlyList<Row> Rows);

    public sealed record Row(
        string Priority,
        string Shift,
        int Raised,
        double? AcknowledgeP50Seconds,
        double? AcknowledgeP90Seconds,
        double? FirstResponseP50Seconds,
        double? FirstResponseP90Seconds,
        int Escalated,
        int StillUnacknowledged);

    private const string Sql = AlertFacts.Alerts;

    public sealed class Handler(WardLookup wards, CurrentUser user, DbSession session, AuditTrail audit, TimeProvider clock) : IQueryHandler<Query, Report>
    {
        public async ValueTask<Report> Handle(Query query, CancellationToken cancellationToken)
        {
            var (settings, zone, _, window) = await ReportScope.OpenAsync(wards, user, clock, query.Ward, query.Since, query.Until, cancellationToken);
            var alerts = new List<AlertFacts>();
            await session.ReadTextAsync(Sql, new { query.Ward, window.Since, window.Until }, text => alerts.Add(AlertFacts.Read(text)), cancellationToken);
            var shifts = new ShiftClock(settings, zone);
            var byCell = alerts.ToLookup(a => (a.Priority, shifts.At(a.RaisedAt!.Value)));
            var rows = new List<Row>();
            foreach (var priority in new[] { AlertPriorities.High, AlertPriorities.Medium, AlertPriorities.Low })
            {
                foreach (var shift in settings.Shifts)
                {
                    var cell = byCell[(priority, shift.Name)].ToList();
                    var acknowledge = cell.Select(a => a.SecondsToAcknowledge).OfType<double>().ToList();
                    var response = cell.Select(a => a.SecondsToFirstResponse).OfType<double>().ToList();
                    rows.Add(new Row(
                        priority,
                        shift.Name,
                        cell.Count,
                        Seconds(Percentile.NearestRank(acknowledge, 50)),
                        Seconds(Percentile.NearestRank(acknowledge, 90)),
                        Seconds(Percentile.NearestRank(response, 50)),
                        Seconds(Percentile.NearestRank(response, 90)),
                        cell.Count(a => a.Escalations > 0),
                        cell.Count(a => a.Status == AlertStatuses.Active)));
                }
            }
            await audit.RecordAsync("report.read", null, $"ward/{query.Ward}/reports/response", cancellationToken);
            return new Report(query.Ward, zone.Id, TimeZoneInfo.ConvertTime(window.Since, zone), TimeZoneInfo.ConvertTime(window.Until, zone), "nearest-rank", rows);
        }
    }

    private static double? Seconds(double? value) => value is { } seconds ? Math.Round(seconds, 1) : null;
}
