namespace Monitoring.Clinical;

/// <summary>The windows and thresholds of the dose rules and checks, tunable per ward like every other rule.</summary>
public sealed partial record WardSettings
{
    /// <summary>Hours after the last short-acting opioid (heroin, oxycodone) before a first buprenorphine dose.</summary>
    public int BuprenorphineWaitShortActingHours { get; init; } = 12;

    /// <summary>Precipitated withdrawal after fentanyl is reported after longer waits than after heroin; units set their protocol's value.</summary>
    public int BuprenorphineWaitFentanylHours { get; init; } = 24;

    public int BuprenorphineWaitMethadoneHours { get; init; } = 72;

    public int PrecipitatedWithdrawalWindowMinutes { get; init; } = 120;

    /// <summary>A POSS + RR check is due this long after methadone (its peak effect).</summary>
    public int MethadoneCheckMinutes { get; init; } = 120;

    public int BenzodiazepineCheckMinutes { get; init; } = 60;

    /// <summary>A check charted up to this long before it is due counts as that check.</summary>
    public int DoseCheckEarlyMinutes { get; init; } = 15;

    public int NaloxoneWatchHours { get; init; } = 2;

    /// <summary>The watch when methadone is among the substances or was given within <see cref="MethadoneRecentHours"/>.</summary>
    public int NaloxoneWatchLongActingHours { get; init; } = 6;

    public int NaloxoneWatchIntervalMinutes { get; init; } = 15;

    public int MethadoneRecentHours { get; init; } = 24;

    /// <summary>An alpha-2 agonist after a systolic pressure below this is a hypotension risk.</summary>
    public int HypotensionSystolicBelow { get; init; } = 90;

    public int HypotensionHeartRateBelow { get; init; } = 55;

    /// <summary>How old the last vital signs may be for the hypotension rule to judge by them.</summary>
    public int HypotensionVitalsWithinHours { get; init; } = 4;

    /// <summary>A sedating dose this long before a respiratory-depression or oversedation finding is named in its reason.</summary>
    public int SedatingDoseLookbackHours { get; init; } = 4;

    private void ValidateDoseSettings(Action<bool, string, string> check)
    {
        check(BuprenorphineWaitShortActingHours is >= 0 and <= 168, "buprenorphineWaitShortActingHours", "Between 0 and 168 hours.");
        check(BuprenorphineWaitFentanylHours is >= 0 and <= 168, "buprenorphineWaitFentanylHours", "Between 0 and 168 hours.");
        check(BuprenorphineWaitMethadoneHours is >= 0 and <= 240, "buprenorphineWaitMethadoneHours", "Between 0 and 240 hours.");
        check(PrecipitatedWithdrawalWindowMinutes is >= 30 and <= 480, "precipitatedWithdrawalWindowMinutes", "Between 30 and 480 minutes.");
        check(MethadoneCheckMinutes is >= 15 and <= 480, "methadoneCheckMinutes", "Between 15 and 480 minutes.");
        check(BenzodiazepineCheckMinutes is >= 15 and <= 480, "benzodiazepineCheckMinutes", "Between 15 and 480 minutes.");
        check(DoseCheckEarlyMinutes is >= 0 and <= 60, "doseCheckEarlyMinutes", "Between 0 and 60 minutes.");
        check(NaloxoneWatchHours is >= 1 and <= 24, "naloxoneWatchHours", "Between 1 and 24 hours: a watch shorter than naloxone lasts would miss re-sedation.");
        check(NaloxoneWatchLongActingHours >= NaloxoneWatchHours && NaloxoneWatchLongActingHours <= 48, "naloxoneWatchLongActingHours", "At least naloxoneWatchHours and at most 48 hours.");
        check(NaloxoneWatchIntervalMinutes is >= 5 and <= 60, "naloxoneWatchIntervalMinutes", "Between 5 and 60 minutes.");
        check(MethadoneRecentHours is >= 0 and <= 168, "methadoneRecentHours", "Between 0 and 168 hours.");
        check(HypotensionSystolicBelow is >= 41 and <= 200, "hypotensionSystolicBelow", "Between 41 and 200 mmHg.");
        check(HypotensionHeartRateBelow is >= 21 and <= 150, "hypotensionHeartRateBelow", "Between 21 and 150 /min.");
        check(HypotensionVitalsWithinHours is >= 1 and <= 24, "hypotensionVitalsWithinHours", "Between 1 and 24 hours.");
        check(SedatingDoseLookbackHours is >= 1 and <= 24, "sedatingDoseLookbackHours", "Between 1 and 24 hours.");
    }
}
