using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// Which rules load the ward, per alert code: raised per 100 patient-days, the share acknowledged within its
/// priority's target (the ward's escalation times, by default high 2 min and medium 15 min), the share resolved as
/// an artefact (the alarm-fatigue signal) and the median time from raised to resolved (nearest-rank).
/// </summary>
public static class AlertLoadReport
{
    public sealed record Query(string Ward, string? Since, string? Until) : IQuery<Report>;

    public sealed record Report(string Ward, string TimeZone, DateTimeOffset Since, DateTimeOffset Until, double PatientDays, IReadOnlyList<Row> Rows);

    public sealed record Row(
        string Code,
        int Raised,
        double? Per100PatientDays,
        double? AcknowledgedWithinTargetShare,
        double? ArtefactShare,
        double? MedianDurationSeconds);

    private const string Sql = AlertFacts.AlertsAcknowledged + "\nUNION ALL\n" + AlertFacts.Stays;

    public sealed class Handler(WardLookup wards, CurrentUser user, DbSession session, AuditTrail audit, TimeProvider clock) : IQueryHandler<Query, Report>
    {
        public async ValueTask<Report> Handle(Query query, CancellationToken cancellationToken)
        {
            var (settings, zone, now, window) = await ReportScope.OpenAsync(wards, user, clock, query.Ward, query.Since, query.Until, cancellationToken);
            var facts = new List<AlertFacts>();
            await session.ReadTextAsync(Sql, new { query.Ward, window.Since, window.Until }, text => facts.Add(AlertFacts.Read(text)), cancellationToken);

            // Each stay counts the part of it inside the window; a stay still open runs to now, never into the future.
            var end = Min(window.Until, now);
            var patientDays = facts.Where(f => f.Kind == "stay")
                .Sum(s => Math.Max(0, (Min(s.DischargedAt ?? end, end) - Max(s.AdmittedAt!.Value, window.Since)).TotalDays));
            var targets = new Dictionary<string, TimeSpan>
            {
                [AlertPriorities.High] = TimeSpan.FromMinutes(settings.HighEscalationMinutes),
                [AlertPriorities.Medium] = TimeSpan.FromMinutes(settings.MediumEscalationMinutes),
            };
            var rows = facts.Where(f => f.Kind == "alert").GroupBy(a => a.Code!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(code =>
            {
                var withTarget = code.Where(a => targets.ContainsKey(a.Priority!)).ToList();
                var resolved = code.Where(a => a.ResolvedAt is not null).ToList();
                return new Row(
                    code.Key,
                    code.Count(),
                    patientDays > 0 ? Math.Round(code.Count() * 100 / patientDays, 2) : null,
                    Share(withTarget.Count(a => a.SecondsToAcknowledge is { } s && s <= targets[a.Priority!].TotalSeconds), withTarget.Count),
                    Share(resolved.Count(a => a.Outcome == AlertOutcomes.Artefact), resolved.Count),
                    Percentile.NearestRank([.. resolved.Select(a => (a.ResolvedAt!.Value - a.RaisedAt!.Value).TotalSeconds)], 50) is { } median ? Math.Round(median, 1) : null);
            }).ToList();
            await audit.RecordAsync("report.read", null, $"ward/{query.Ward}/reports/alert-load", cancellationToken);
            return new Report(query.Ward, zone.Id, TimeZoneInfo.ConvertTime(window.Since, zone), TimeZoneInfo.ConvertTime(window.Until, zone), Math.Round(patientDays, 3), rows);
        }
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
