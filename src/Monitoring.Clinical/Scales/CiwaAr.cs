namespace Monitoring.Clinical;

/// <summary>Clinical Institute Withdrawal Assessment for Alcohol, revised (Sullivan et al., Br J Addict 1989).</summary>
public sealed class CiwaAr : AssessmentScale
{
    public const string MedicationThresholdCode = "ciwa-medication-threshold";
    public const string SevereCode = "alcohol-withdrawal-severe";

    /// <summary>The first total of the severe band: the medium alert starts here whatever the ward sets.</summary>
    public const int SevereFrom = 16;

    /// <summary>CIWA-Ar at or above this: a symptom-triggered dose is indicated, and CIWA-Ar becomes hourly.</summary>
    public static ScaleSetting MedicationThreshold { get; } = new("ciwaMedicationThreshold", 10, 1, 67, "points", "CIWA-Ar at or above this: a symptom-triggered dose is indicated and CIWA-Ar becomes hourly.");

    /// <summary>CIWA-Ar at or above this raises severe alcohol withdrawal to high: risk of seizures and delirium.</summary>
    public static ScaleSetting HighThreshold { get; } = new("ciwaHighThreshold", 20, 1, 67, "points", "CIWA-Ar at or above this raises severe alcohol withdrawal to high: risk of seizures and delirium.");

    public static ScaleSetting IntervalHours { get; } = new("ciwaIntervalHours", 4, 1, 24, "hours", "CIWA-Ar is due this long after the last.");

    public static ScaleSetting IntensiveIntervalHours { get; } = new("ciwaIntensiveIntervalHours", 1, 1, 24, "hours", "CIWA-Ar is due this long after one at or above ciwaMedicationThreshold.");

    public override IReadOnlyList<ScaleSetting> Settings { get; } = [MedicationThreshold, HighThreshold, IntervalHours, IntensiveIntervalHours];

    /// <summary>Hourly from the medication threshold on.</summary>
    public override ScaleInterval Interval { get; } = new(IntervalHours, IntensiveIntervalHours, MedicationThreshold);

    // After the settings: static initialisers run in the order they are written.
    public static CiwaAr Instance { get; } = new();

    private CiwaAr()
    {
    }

    public override string Kind => "ciwa-ar";

    public override string Name => "CIWA-Ar";

    public override IReadOnlyList<AlertKind> Alerts { get; } =
    [
        new(SevereCode, "Severe alcohol withdrawal", 41),
        new(MedicationThresholdCode, "CIWA-Ar: symptom-triggered dose indicated", 62),
    ];

    public override string Title => "Clinical Institute Withdrawal Assessment for Alcohol, revised (Sullivan et al., Br J Addict 1989)";

    public override IReadOnlyList<ScaleItem> Items { get; } =
    [
        Item("nauseaVomiting", "Nausea and vomiting", 7, new()
        {
            [0] = "no nausea and no vomiting",
            [1] = "mild nausea with no vomiting",
            [4] = "intermittent nausea with dry heaves",
            [7] = "constant nausea, frequent dry heaves and vomiting",
        }),
        Item("tremor", "Tremor (arms extended, fingers spread)", 7, new()
        {
            [0] = "no tremor",
            [1] = "not visible, but can be felt fingertip to fingertip",
            [4] = "moderate, with arms extended",
            [7] = "severe, even with arms not extended",
        }),
        Item("paroxysmalSweats", "Paroxysmal sweats", 7, new()
        {
            [0] = "no sweat visible",
            [1] = "barely perceptible sweating, palms moist",
            [4] = "beads of sweat obvious on forehead",
            [7] = "drenching sweats",
        }),
        Item("anxiety", "Anxiety", 7, new()
        {
            [0] = "no anxiety, at ease",
            [1] = "mildly anxious",
            [4] = "moderately anxious, or guarded, so anxiety is inferred",
            [7] = "equivalent to acute panic states",
        }),
        Item("agitation", "Agitation", 7, new()
        {
            [0] = "normal activity",
            [1] = "somewhat more than normal activity",
            [4] = "moderately fidgety and restless",
            [7] = "paces back and forth, or constantly thrashes about",
        }),
        Item("tactileDisturbances", "Tactile disturbances", 7, new()
        {
            [0] = "none",
            [1] = "very mild itching, pins and needles, burning or numbness",
            [2] = "mild itching, pins and needles, burning or numbness",
            [3] = "moderate itching, pins and needles, burning or numbness",
            [4] = "moderately severe hallucinations",
            [5] = "severe hallucinations",
            [6] = "extremely severe hallucinations",
            [7] = "continuous hallucinations",
        }),
        Item("auditoryDisturbances", "Auditory disturbances", 7, new()
        {
            [0] = "not present",
            [1] = "very mild harshness or ability to frighten",
            [2] = "mild harshness or ability to frighten",
            [3] = "moderate harshness or ability to frighten",
            [4] = "moderately severe hallucinations",
            [5] = "severe hallucinations",
            [6] = "extremely severe hallucinations",
            [7] = "continuous hallucinations",
        }),
        Item("visualDisturbances", "Visual disturbances", 7, new()
        {
            [0] = "not present",
            [1] = "very mild sensitivity",
            [2] = "mild sensitivity",
            [3] = "moderate sensitivity",
            [4] = "moderately severe hallucinations",
            [5] = "severe hallucinations",
            [6] = "extremely severe hallucinations",
            [7] = "continuous hallucinations",
        }),
        Item("headache", "Headache, fullness in head", 7, new()
        {
            [0] = "not present",
            [1] = "very mild",
            [2] = "mild",
            [3] = "moderate",
            [4] = "moderately severe",
            [5] = "severe",
            [6] = "very severe",
            [7] = "extremely severe",
        }),
        Item("orientation", "Orientation and clouding of sensorium", 4, new()
        {
            [0] = "oriented and can do serial additions",
            [1] = "cannot do serial additions or is uncertain about date",
            [2] = "disoriented for date by no more than 2 calendar days",
            [3] = "disoriented for date by more than 2 calendar days",
            [4] = "disoriented for place and/or person",
        }),
    ];

    public override IReadOnlyList<ScaleBand> Bands { get; } =
    [
        new("mild", "mild", 0, 10),
        new("moderate", "moderate", 11, SevereFrom - 1),
        new("severe", "severe", SevereFrom, 67) { Flagged = true },
    ];

    public override string AssessesWithdrawalFrom => Substances.Alcohol;

    /// <summary>A rise of 4 since acknowledgement is worse: the moderate band is 5 points wide.</summary>
    public override int ReAlarmStep => 4;

    public override IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, IReadOnlyCollection<string> substances, WardSettings settings)
    {
        var findings = new List<Finding>();
        var total = latest.Total;
        SeverityPart[] parts = [TotalPart(total)];
        var medicationThreshold = settings.Get(MedicationThreshold);
        var highThreshold = settings.Get(HighThreshold);
        if (total >= medicationThreshold)
        {
            findings.Add(new Finding(MedicationThresholdCode, AlertPriority.Low,
                $"CIWA-Ar {total} (≥ {medicationThreshold}): a symptom-triggered dose is indicated by protocol.")
            { Parts = parts });
        }
        if (total >= highThreshold)
        {
            findings.Add(new Finding(SevereCode, AlertPriority.High,
                $"CIWA-Ar {total} (≥ {highThreshold}): risk of seizures and delirium; consider a higher level of care.")
            { Parts = parts });
        }
        else if (total >= SevereFrom)
        {
            findings.Add(new Finding(SevereCode, AlertPriority.Medium,
                $"CIWA-Ar {total} (≥ {SevereFrom}): severe alcohol withdrawal; medical review.")
            { Parts = parts });
        }
        return findings;
    }

    // Every integer of the range is a score; words where the published scale gives them.
    private static ScaleItem Item(string name, string label, int maximum, Dictionary<int, string> words) =>
        new(name, label, [.. Enumerable.Range(0, maximum + 1).Select(score => new ScaleValue(score, words.GetValueOrDefault(score)))]);
}
