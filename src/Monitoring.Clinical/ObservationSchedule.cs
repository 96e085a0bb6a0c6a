namespace Monitoring.Clinical;

public sealed record Due(DateTimeOffset At, string Basis);

/// <summary>When the next observations are due, and when a missed one becomes an alert.</summary>
public static class ObservationSchedule
{
    public static Due NextVitals(DateTimeOffset observedAt, News2Result news2, WardSettings settings) =>
        news2.Total is { } total && news2.Band is { } band
            ? new Due(observedAt + News2.MinimumObservationInterval(total, band), $"NEWS2 {total} ({BandWords(band)})")
            : new Due(observedAt + TimeSpan.FromHours(settings.VitalsDefaultIntervalHours), $"ward default, NEWS2 not computed");

    public static Due NextCows(DateTimeOffset observedAt, int cowsTotal, WardSettings settings) =>
        cowsTotal >= settings.CowsIntensiveFrom
            ? new Due(observedAt + TimeSpan.FromHours(settings.CowsIntensiveIntervalHours), $"COWS {cowsTotal} (≥ {settings.CowsIntensiveFrom})")
            : new Due(observedAt + TimeSpan.FromHours(settings.CowsIntervalHours), $"COWS {cowsTotal}");

    /// <summary>Overdue once the grace period after the due time has fully passed.</summary>
    public static bool IsOverdue(DateTimeOffset due, DateTimeOffset now, WardSettings settings) => now >= due + settings.OverdueGrace;

    public static Finding Overdue(string what, Due due, WardSettings settings) => new(
        AlertCodes.ObservationsOverdue, AlertPriority.Medium,
        $"{what} due at {due.At:HH:mm} UTC ({due.Basis}), not charted {settings.OverdueGraceMinutes} min after.");

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
