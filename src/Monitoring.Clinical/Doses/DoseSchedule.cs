namespace Monitoring.Clinical;

/// <summary>A check a dose calls for: what, when, and which dose asked for it.</summary>
public sealed record CheckDue(string Kind, DateTimeOffset DueAt, string Basis, Guid DoseId);

/// <summary>
/// The checks that follow doses: POSS + RR after methadone and benzodiazepines, the induction scale (COWS) after
/// the first buprenorphine, and vitals with POSS every 15 min through a re-sedation watch. A check is done by a
/// valid observation of its kind charted after the dose and no more than the ward's margin before it was due.
/// </summary>
public static class DoseSchedule
{
    /// <summary>Respiratory rate and POSS charted together after a methadone or benzodiazepine dose.</summary>
    public const string PossRr = "poss-rr";

    /// <summary>Vital signs with POSS during the re-sedation watch after naloxone.</summary>
    public const string WatchVitals = "vitals-poss";

    /// <summary>
    /// Every check still owed, soonest first. possRrAt: valid vitals with both RR and POSS; inductionAt: valid assessments on
    /// the induction scale, whose kind names its check.
    /// </summary>
    public static IReadOnlyList<CheckDue> Outstanding(IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances,
        IReadOnlyList<DateTimeOffset> possRrAt, IReadOnlyList<DateTimeOffset> inductionAt, WardSettings settings, TimeZoneInfo zone)
    {
        var early = TimeSpan.FromMinutes(settings.DoseCheckEarlyMinutes);
        bool Done(DoseGiven dose, DateTimeOffset due, IReadOnlyList<DateTimeOffset> charted) => charted.Any(at => at > dose.GivenAt && at >= due - early);

        var checks = new List<CheckDue>();
        foreach (var dose in doses.OrderBy(d => d.GivenAt))
        {
            int? after = dose.Drug == "methadone" ? settings.MethadoneCheckMinutes
                : dose.Class == DrugClass.Benzodiazepine ? settings.BenzodiazepineCheckMinutes
                : null;
            if (after is { } minutes && dose.GivenAt + TimeSpan.FromMinutes(minutes) is var due && !Done(dose, due, possRrAt))
            {
                checks.Add(new CheckDue(PossRr, due, $"POSS + RR {Words(minutes)} after {dose.Describe(zone)}", dose.Id));
            }
        }
        var scale = AssessmentScales.Induction;
        var checkMinutes = settings.Get(scale.Induction!.CheckMinutes);
        if (DoseRules.FirstBuprenorphine(doses) is { } first
            && first.GivenAt + TimeSpan.FromMinutes(checkMinutes) is var inductionDue && !Done(first, inductionDue, inductionAt))
        {
            checks.Add(new CheckDue(scale.Kind, inductionDue, $"{scale.Name} {Words(checkMinutes)} after the first buprenorphine ({first.Describe(zone)})", first.Id));
        }
        if (WatchCheck(doses, substances, possRrAt, settings, zone) is { } watch)
        {
            checks.Add(watch);
        }
        return [.. checks.OrderBy(c => c.DueAt)];
    }

    /// <summary>The next vitals with POSS of the watch after the last naloxone: an interval after the last such check, while the watch lasts.</summary>
    public static CheckDue? WatchCheck(IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances, IReadOnlyList<DateTimeOffset> possRrAt, WardSettings settings, TimeZoneInfo zone)
    {
        var last = doses.Where(d => d.Class == DrugClass.OpioidAntagonist).OrderByDescending(d => d.GivenAt).FirstOrDefault();
        if (last is null || DoseRules.Watch(doses, substances, last.GivenAt, settings) is not { } watch)
        {
            return null;
        }
        var lastCheck = possRrAt.Where(at => at > last.GivenAt && at <= watch.Until).DefaultIfEmpty(last.GivenAt).Max();
        var due = lastCheck + TimeSpan.FromMinutes(settings.NaloxoneWatchIntervalMinutes);
        return due > watch.Until
            ? null
            : new CheckDue(WatchVitals, due,
                $"re-sedation watch after {last.Describe(zone)}: vitals with POSS every {settings.NaloxoneWatchIntervalMinutes} min until {DoseText.Time(watch.Until, zone)}", last.Id);
    }

    /// <summary>The earliest outstanding check of the kinds given, which the observation schedule takes when it comes sooner.</summary>
    public static CheckDue? Earliest(IReadOnlyList<CheckDue> checks, params string[] kinds) =>
        checks.Where(c => kinds.Contains(c.Kind)).OrderBy(c => c.DueAt).FirstOrDefault();

    private static string Words(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";
}
