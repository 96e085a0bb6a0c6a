namespace Monitoring.Clinical;

public sealed record Due(DateTimeOffset At, string Basis);

/// <summary>A kind of observation whose round was missed: when it was due, and how many rounds have passed since.</summary>
public sealed record MissedObservation(string What, Due Due, int Rounds);

/// <summary>When the next observations are due, and when a missed one becomes an alert.</summary>
public static class ObservationSchedule
{
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
        var urgent = news2.AnyParameterScoredThree || news2.PartialSum >= 5;
        var due = urgent
            ? new Due(observedAt + TimeSpan.FromHours(1), $"NEWS2 not computed, partial sum {news2.PartialSum}{(news2.AnyParameterScoredThree ? " with a parameter scoring 3" : "")}")
            : new Due(observedAt + TimeSpan.FromHours(settings.VitalsDefaultIntervalHours), "ward default, NEWS2 not computed");
        return previousDue is { } previous && previous.At < due.At ? previous with { Basis = $"{previous.Basis}; the incomplete set since does not move it" } : due;
    }

    public static Due NextCows(DateTimeOffset observedAt, int cowsTotal, WardSettings settings) =>
        cowsTotal >= settings.CowsIntensiveFrom
            ? new Due(observedAt + TimeSpan.FromHours(settings.CowsIntensiveIntervalHours), $"COWS {cowsTotal} (≥ {settings.CowsIntensiveFrom})")
            : new Due(observedAt + TimeSpan.FromHours(settings.CowsIntervalHours), $"COWS {cowsTotal}");

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

    /// <summary>High when the patient's last NEWS2 band was high or a post-naloxone watch is running; medium otherwise.</summary>
    public static AlertPriority OverduePriority(News2Band? lastBand, bool underWatch) =>
        lastBand == News2Band.High || underWatch ? AlertPriority.High : AlertPriority.Medium;

    public static Finding Overdue(IReadOnlyList<MissedObservation> missed, AlertPriority priority, WardSettings settings, TimeZoneInfo zone)
    {
        var sentences = missed.Select(m =>
            $"{m.What} due at {WardTime.Clock(m.Due.At, zone)} ({m.Due.Basis}), not charted {settings.OverdueGraceMinutes} min after"
            + (m.Rounds > 1 ? $"; {m.Rounds} rounds missed" : "") + ".");
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
