using System.Runtime.InteropServices;
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

    public sealed record Row(string Kind, string Shift, int Due, int OnTime, int Late, int Missed, int Outstanding, double? OnTimePercent)
    {
        /// <summary>The kind in a manager's words: "Vital signs", a scale's name, "Dose checks".</summary>
        public string Name => Kind == DoseChecks ? "Dose checks" : ObservationScheduler.NameOf(Kind);
    }

    // Every round that could have come due in the window: due before its end, current or ended after its start. The
    // ward's admissions lead, and each one's rounds are a range of the (admission_id, ended_at, …) index, which holds
    // every column read here (sql/sqlite/0019_observation_rounds_by_admission.sql). When a round ended and whether its
    // patient left matter only to a round not charted (see Rounds): the others leave them out, one time fewer to read a row.
    // Each round comes as one text (PackedRow), in the order of RoundRow.
    private const string Columns = """
        SELECT CONCAT(r.id, '|', r.admission_id, '|', r.kind, '|', CASE WHEN r.dose_id IS NULL THEN 0 ELSE 1 END, '|', r.due_at, '|',
                      r.last_observed_at, '|', r.charted_at, '|', CASE WHEN r.charted_at IS NULL THEN r.ended_at END, '|',
                      CASE WHEN r.charted_at IS NULL THEN a.discharged_at END) AS Round
        FROM admissions a
        JOIN observation_rounds r ON r.admission_id = a.id
        """;

    private const string Sql = Columns + " WHERE a.ward_code = @Ward AND r.ended_at >= @Since AND r.due_at < @Until\nUNION ALL\n"
        + Columns + " WHERE a.ward_code = @Ward AND r.ended_at IS NULL AND r.due_at < @Until";

    /// <summary>A stored round; <see cref="Admission"/> and <see cref="Kind"/> number the admissions and kinds met in one read.</summary>
    public readonly record struct RoundRow(
        long Id,
        int Admission,
        int Kind,
        bool DoseCheck,
        DateTimeOffset DueAt,
        DateTimeOffset? LastObservedAt,
        DateTimeOffset? ChartedAt,
        DateTimeOffset? EndedAt,
        DateTimeOffset? DischargedAt);

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
            var (settings, zone, now, window) = await ReportScope.OpenAsync(wards, user, clock, query.Ward, query.Since, query.Until, cancellationToken);
            var stored = new StoredRounds();
            await session.ReadTextAsync(Sql, new { query.Ward, window.Since, window.Until }, stored.Add, cancellationToken);

            var shifts = new ShiftClock(settings, zone);
            var counts = new int[Kinds.Count, shifts.Names.Count, Outcomes];
            var reportedKinds = stored.KindNames.Select(kind => KindIndex.TryGetValue(kind, out var index) ? index : -1).ToArray();
            foreach (var round in stored.Latest())
            {
                foreach (var (due, outcome) in Rounds(round, settings.OverdueGrace, now))
                {
                    if (due < window.Since || due >= window.Until)
                    {
                        continue;
                    }
                    var shift = shifts.IndexAt(due);
                    if (reportedKinds[round.Kind] is var kind and >= 0)
                    {
                        counts[kind, shift, (int)outcome]++;
                    }
                    if (round.DoseCheck)
                    {
                        counts[KindIndex[DoseChecks], shift, (int)outcome]++;
                    }
                }
            }
            var rows = new List<Row>();
            for (var kind = 0; kind < Kinds.Count; kind++)
            {
                for (var shift = 0; shift < shifts.Names.Count; shift++)
                {
                    var onTime = counts[kind, shift, (int)Outcome.OnTime];
                    var due = onTime + counts[kind, shift, (int)Outcome.Late] + counts[kind, shift, (int)Outcome.Missed] + counts[kind, shift, (int)Outcome.Outstanding];
                    rows.Add(new Row(
                        Kinds[kind],
                        shifts.Names[shift],
                        due,
                        onTime,
                        counts[kind, shift, (int)Outcome.Late],
                        counts[kind, shift, (int)Outcome.Missed],
                        counts[kind, shift, (int)Outcome.Outstanding],
                        due == 0 ? null : Math.Round(100.0 * onTime / due, 1)));
                }
            }
            await audit.RecordAsync("report.read", null, $"ward/{query.Ward}/reports/observations", cancellationToken);
            return new Report(query.Ward, zone.Id, TimeZoneInfo.ConvertTime(window.Since, zone), TimeZoneInfo.ConvertTime(window.Until, zone), settings.OverdueGraceMinutes, rows);
        }
    }

    /// <summary>
    /// The rounds of one read, as they arrive. A due time set again (the observation that met it marked in error) is one
    /// round, as it stands now: the latest.
    /// </summary>
    private sealed class StoredRounds
    {
        private readonly List<RoundRow> _rounds = [];
        private readonly Dictionary<(int Admission, int Kind, long DueTicks), int> _latest = [];
        private readonly Dictionary<string, int> _admissions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _kinds = new(StringComparer.Ordinal);

        /// <summary>The kinds met, in the order numbered.</summary>
        public List<string> KindNames { get; } = [];

        public void Add(string text)
        {
            var row = new PackedRow(text);
            var id = row.NextInt64();
            var admission = Number(_admissions, row.Next(), null);
            var kind = Number(_kinds, row.Next(), KindNames);
            var round = new RoundRow(id, admission, kind, row.Next() is "1", row.NextTime(), row.NextTimeOrNull(), row.NextTimeOrNull(), row.NextTimeOrNull(), row.NextTimeOrNull());
            ref var latest = ref CollectionsMarshal.GetValueRefOrAddDefault(_latest, (admission, kind, round.DueAt.UtcTicks), out var seen);
            if (!seen)
            {
                latest = _rounds.Count;
                _rounds.Add(round);
            }
            else if (round.Id > _rounds[latest].Id)
            {
                _rounds[latest] = round;
            }
        }

        public List<RoundRow> Latest() => _rounds;

        // Numbered by their text as read, without a string each: the same few dozen admissions and kinds come again and again.
        private static int Number(Dictionary<string, int> numbers, ReadOnlySpan<char> text, List<string>? names)
        {
            var lookup = numbers.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var number))
            {
                return number;
            }
            number = numbers.Count;
            var name = text.ToString();
            numbers[name] = number;
            names?.Add(name);
            return number;
        }
    }

    /// <summary>Vital signs, the scales in the order they are described, then the dose checks.</summary>
    private static readonly IReadOnlyList<string> Kinds = [ObservationScheduler.VitalsKind, .. AssessmentScales.All.Select(scale => scale.Kind), DoseChecks];

    private static readonly Dictionary<string, int> KindIndex = Kinds.Select((kind, i) => (kind, i)).ToDictionary(k => k.kind, k => k.i, StringComparer.Ordinal);

    private static readonly int Outcomes = Enum.GetValues<Outcome>().Length;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
