using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// Whether the ward charts what its schedule asks, per kind (vital signs, each scale, and the dose checks, rounds of
/// any kind that a dose brought forward, which also count under their kind) and per shift (the shift on the ward's
/// clock when the round was due). A round is each due time the schedule set (<see cref="ObservationRounds"/>):
/// on time when the observation that met it was observed before the grace after its due time ran out (the time the
/// overdue alert is raised), late when after it, missed when nothing was charted before the next round was due. As for
/// the overdue alert's missed rounds, the next round of one not charted is due an interval later (the interval it was
/// set with, at least 15 min); an observation charted rounds later meets the last of them, and those before it are
/// missed. A round superseded without charting (a dose, a refusal's retry, a setting or a correction moved the
/// schedule, or the patient left) is missed when its grace had run out, and not counted before. Outstanding: due, not
/// yet charted, and the next not yet due.
/// </summary>
public static class ObservationReport
{
    public const string DoseChecks = "dose-checks";

    public sealed record Query(string Ward, string? Since, string? Until) : IQuery<Report>;

    public sealed record Report(string Ward, string TimeZone, DateTimeOffset Since, DateTimeOffset Until, int GraceMinutes, IReadOnlyList<Row> Rows);

    public sealed record Row(string Kind, string Shift, int Due, int OnTime, int Late, int Missed, int Outstanding, double? OnTimePercent);

    // Every round that could have come due in the window: due before its end, current or ended after its start (the
    // (ended_at, due_at) index seeks each half).
    private const string Columns = """
        SELECT r.id AS Id, r.admission_id AS AdmissionId, r.kind AS Kind, r.due_at AS DueAt, r.last_observed_at AS LastObservedAt, r.charted_at AS ChartedAt, r.ended_at AS EndedAt,
               CASE WHEN r.dose_id IS NULL THEN 0 ELSE 1 END AS DoseCheck, a.discharged_at AS DischargedAt
        FROM observation_rounds r
        JOIN admissions a ON a.id = r.admission_id
        """;

    private const string Sql = Columns + " WHERE r.ended_at >= @Since AND r.due_at < @Until AND a.ward_code = @Ward\nUNION ALL\n"
        + Columns + " WHERE r.ended_at IS NULL AND r.due_at < @Until AND a.ward_code = @Ward";

    public sealed record RoundRow
    {
        public long Id { get; init; }
        public Guid AdmissionId { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset DueAt { get; init; }
        public DateTimeOffset? LastObservedAt { get; init; }
        public DateTimeOffset? ChartedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public int DoseCheck { get; init; }
        public DateTimeOffset? DischargedAt { get; init; }
    }

    public enum Outcome
    {
        OnTime,
        Late,
        Missed,
        Outstanding,
    }

    /// <summary>The rounds a stored round stands for, each with its due time and how it went, judged at <paramref name="now"/>.</summary>
    public static IEnumerable<(DateTimeOffset Due, Outcome Outcome)> Rounds(RoundRow round, TimeSpan grace, DateTimeOffset now)
    {
        var reckoned = round.LastObservedAt is { } last ? round.DueAt - last : ObservationScheduler.BaselineWithin;
        var step = reckoned < MinimumStep ? MinimumStep : reckoned;
        if (round.ChartedAt is { } charted)
        {
            var passed = charted < round.DueAt ? 0 : (int)((charted - round.DueAt) / step);
            for (var i = 0; i < passed; i++)
            {
                yield return (round.DueAt + i * step, Outcome.Missed);
            }
            var met = round.DueAt + passed * step;
            yield return (met, charted < met + grace ? Outcome.OnTime : Outcome.Late);
            yield break;
        }
        var end = Min(Min(round.EndedAt ?? now, round.DischargedAt ?? now), now);
        var current = round.EndedAt is null && round.DischargedAt is null;
        for (var due = round.DueAt; due <= end; due += step)
        {
            if (due + step <= end)
            {
                yield return (due, Outcome.Missed);
            }
            else if (current)
            {
                yield return (due, Outcome.Outstanding);
            }
            else if (due + grace <= end)
            {
                yield return (due, Outcome.Missed);
            }
        }
    }

    private static readonly TimeSpan MinimumStep = TimeSpan.FromMinutes(15);

    public sealed class Handler(WardLookup wards, CurrentUser user, DbSession session, AuditTrail audit, TimeProvider clock) : IQueryHandler<Query, Report>
    {
        public async ValueTask<Report> Handle(Query query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var settings = await wards.SettingsAsync(query.Ward, cancellationToken);
            var zone = WardZone.Of(settings);
            var now = clock.GetUtcNow();
            var window = ReportWindow.Parse(query.Since, query.Until, zone, now);
            var stored = await session.QueryAsync<RoundRow>(Sql, new { query.Ward, window.Since, window.Until }, cancellationToken);

            // A due time set again (the observation that met it marked in error) is one round, as it stands now: the latest.
            var latest = stored.GroupBy(round => (round.AdmissionId, round.Kind, round.DueAt)).Select(same => same.MaxBy(round => round.Id)!);
            var rounds = latest.SelectMany(round => Rounds(round, settings.OverdueGrace, now)
                    .Where(r => r.Due >= window.Since && r.Due < window.Until)
                    .SelectMany(r => KindsOf(round).Select(kind => (Kind: kind, Shift: settings.ShiftAt(r.Due, zone), r.Outcome))))
                .ToLookup(r => (r.Kind, r.Shift), r => r.Outcome);
            var rows = new List<Row>();
            foreach (var kind in Kinds)
            {
                foreach (var shift in settings.Shifts)
                {
                    var cell = rounds[(kind, shift.Name)].ToList();
                    var onTime = cell.Count(o => o == Outcome.OnTime);
                    rows.Add(new Row(
                        kind,
                        shift.Name,
                        cell.Count,
                        onTime,
                        cell.Count(o => o == Outcome.Late),
                        cell.Count(o => o == Outcome.Missed),
                        cell.Count(o => o == Outcome.Outstanding),
                        cell.Count == 0 ? null : Math.Round(100.0 * onTime / cell.Count, 1)));
                }
            }
            await audit.RecordAsync("report.read", null, $"ward/{query.Ward}/reports/observations", cancellationToken);
            return new Report(query.Ward, zone.Id, TimeZoneInfo.ConvertTime(window.Since, zone), TimeZoneInfo.ConvertTime(window.Until, zone), settings.OverdueGraceMinutes, rows);
        }
    }

    /// <summary>Vital signs, the scales in the order they are described, then the dose checks.</summary>
    private static readonly IReadOnlyList<string> Kinds = [ObservationScheduler.VitalsKind, .. AssessmentScales.All.Select(scale => scale.Kind), DoseChecks];

    private static IEnumerable<string> KindsOf(RoundRow round) => round.DoseCheck == 1 ? [round.Kind, DoseChecks] : [round.Kind];

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
