namespace Monitoring.Clinical;

public sealed record Due(DateTimeOffset At, string Basis);

/// <summary>A kind of observation whose round was missed: when it was due, how many rounds have passed since, and why it was not done if a nurse said so.</summary>
public sealed record MissedObservation(string What, Due Due, int Rounds, NotDone? NotDone = null);

/// <summary>A nurse's record that an observation could not be done: it explains a missed round, it does not answer it.</summary>
public sealed record NotDone(DateTimeOffset At, string Reason, string? Note);

/// <summary>What a vitals set shows of sedation and breathing, in the order sets were observed.</summary>
public sealed record SedationReading(DateTimeOffset ObservedAt, int? RespiratoryRate, PossLevel? Sedation);

/// <summary>When the next observations are due, and when a missed one becomes an alert.</summary>
public static class ObservationSchedule
{
    /// <summary>Below this rate the patient's breathing is watched like POSS 3 (Pasero: monitor closely until sedation is below 3 and breathing adequate).</summary>
    public const int SedationRecheckRateBelow = 10;

    /// <summary>
    /// POSS 3 or more, or a respiratory rate under 10, makes vitals with POSS due within <c>sedationRecheckMinutes</c>
    /// of that set, until a set shows POSS under 3 and RR 10 or more; a set without POSS or RR ends nothing.
    /// </summary>
    public static Due? SedationRecheck(IEnumerable<SedationReading> sets, WardSettings settings)
    {
        SedationReading? pending = null;
        foreach (var set in sets)
        {
            if (CallsForRecheck(set))
            {
                pending = set;
            }
            else if (set is { RespiratoryRate: not null, Sedation: not null })
            {
                pending = null;
            }
        }
        if (pending is null)
        {
            return null;
        }
        var shown = string.Join(", ", new[]
        {
            pending.Sedation is { } level ? $"POSS {Poss.Code(level)}" : null,
            pending.RespiratoryRate is { } rate ? $"RR {rate}/min" : null,
        }.OfType<string>());
        return new Due(pending.ObservedAt + TimeSpan.FromMinutes(settings.SedationRecheckMinutes),
            $"sedation recheck within {settings.SedationRecheckMinutes} min after {shown}, until POSS is under 3 and RR 10/min or more");
    }

    /// <summary>Whether a set keeps the patient on sedation rechecks: POSS 3 or more, or RR under 10.</summary>
    public static bool CallsForRecheck(SedationReading set) =>
        set.Sedation >= PossLevel.FrequentlyDrowsy || set.RespiratoryRate < SedationRecheckRateBelow;

    /// <summary>Whether a due time is a sedation recheck, whose miss is urgent.</summary>
    public static bool IsSedationRecheck(string basis) => basis.StartsWith("sedation recheck", StringComparison.Ordinal);

    /// <summary>
    /// A complete set is scheduled by its NEWS2 band. An incomplete one never lengthens the schedule: it is due no
    /// later than <paramref name="previousDue"/>, and within the hour when a parameter scored 3 or the partial sum is 5 or more.
    /// </summary>
    public static Due NextVitals(DateTimeOffset observedAt, News2Result news2, WardSettings settings, Due? previousDue = null)
    {
        if (news2.Total is { } total && news2.Band is { } band)
        {
            return new Due(observedAt + News2.MinimumObservationInterval(total, band), $"NEWS2 {total} ({BandWords(band)})");
        }
        var urgent = news2.AnyParameterScoredThree || news2.PartialSum >= News2.MediumFrom;
        var due = urgent
            ? new Due(observedAt + TimeSpan.FromHours(1), $"NEWS2 not computed, partial sum {news2.PartialSum}{(news2.AnyParameterScoredThree ? " with a parameter scoring 3" : "")}")
            : new Due(observedAt + TimeSpan.FromHours(settings.VitalsDefaultIntervalHours), "ward default, NEWS2 not computed");
        return previousDue is { } previous && previous.At < due.At ? previous with { Basis = $"{previous.Basis}; the incomplete set since does not move it" } : due;
    }

    /// <summary>Overdue once the grace period after the due time has fully passed.</summary>
    public static bool IsOverdue(DateTimeOffset due, DateTimeOffset now, WardSettings settings) => now >= due + settings.OverdueGrace;

    /// <summary>Rounds missed: the first when the grace after the due time has passed, then one per interval after it.</summary>
    public static int MissedRounds(DateTimeOffset due, TimeSpan interval, DateTimeOffset now, WardSettings settings)
    {
        if (!IsOverdue(due, now, settings))
        {
            return 0;
        }
        var step = interval < TimeSpan.FromMinutes(15) ? TimeSpan.FromMinutes(15) : interval;
        return 1 + (int)((now - (due + settings.OverdueGrace)) / step);
    }

    /// <summary>
    /// High when the patient's last NEWS2 band was high, or when something makes a missed round dangerous (the re-sedation
    /// watch after naloxone, an open news2-high, respiratory-depression or oversedation alert, a missed sedation recheck); medium otherwise.
    /// </summary>
    public static AlertPriority OverduePriority(News2Band? lastBand, bool urgent) =>
        lastBand == News2Band.High || urgent ? AlertPriority.High : AlertPriority.Medium;

    /// <summary>Open alerts that make a missed round high: partial and pregnant sets raise news2-high without a band to read.</summary>
    public static readonly IReadOnlyList<string> CodesThatMakeOverdueUrgent = [AlertCodes.News2High, AlertCodes.RespiratoryDepression, AlertCodes.Oversedation];

    public static Finding Overdue(IReadOnlyList<MissedObservation> missed, AlertPriority priority, WardSettings settings, TimeZoneInfo zone)
    {
        var sentences = missed.Select(m =>
            $"{m.What} due at {WardTime.Clock(m.Due.At, zone)} ({m.Due.Basis}), not charted {settings.OverdueGraceMinutes} min after"
            + (m.Rounds > 1 ? $"; {m.Rounds} rounds missed" : "") + "."
            + (m.NotDone is { } notDone ? $" Not done at {WardTime.Clock(notDone.At, zone)}: {notDone.Reason}{(string.IsNullOrWhiteSpace(notDone.Note) ? "" : $" ({notDone.Note})")}." : ""));
        return new Finding(AlertCodes.ObservationsOverdue, priority, $"{string.Join(" ", sentences)} Chart the observations now.")
        {
            Parts = [.. missed.Select(m => new SeverityPart($"{m.What} rounds missed", m.Rounds, m.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
        };
    }

    public static Finding Overdue(string what, Due due, WardSettings settings) =>
        Overdue([new MissedObservation(what, due, 1)], AlertPriority.Medium, settings, TimeZoneInfo.Utc);

    private static string BandWords(News2Band band) => band switch
    {
        News2Band.LowMedium => "low-medium",
        _ => band.ToString().ToLowerInvariant(),
    };
}

public static class Escalation
{
    /// <summary>An active alert nobody has acknowledged is announced again, once, after the ward's delay.</summary>
    public static bool IsDue(AlertPriority priority, DateTimeOffset activatedAt, DateTimeOffset now, WardSettings settings) => priority switch
    {
        AlertPriority.High => now - activatedAt >= TimeSpan.FromMinutes(settings.HighEscalationMinutes),
        AlertPriority.Medium => now - activatedAt >= TimeSpan.FromMinutes(settings.MediumEscalationMinutes),
        _ => false,
    };
}
