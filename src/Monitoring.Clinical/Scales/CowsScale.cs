using System.Text.Json;

namespace Monitoring.Clinical;

/// <summary>COWS as data: the items and words of <see cref="CowsDescriptors"/>, its severity bands and rules.</summary>
public sealed class CowsScale : AssessmentScale
{
    private static readonly Dictionary<CowsItem, string> Labels = new()
    {
        [CowsItem.RestingPulseRate] = "Resting pulse rate (after sitting or lying 1 min)",
        [CowsItem.Sweating] = "Sweating (past ½ h, not room temperature or activity)",
        [CowsItem.Restlessness] = "Restlessness (during assessment)",
        [CowsItem.PupilSize] = "Pupil size",
        [CowsItem.BoneJointAches] = "Bone or joint aches (new)",
        [CowsItem.RunnyNoseTearing] = "Runny nose or tearing (not cold or allergy)",
        [CowsItem.GiUpset] = "GI upset (past ½ h)",
        [CowsItem.Tremor] = "Tremor (outstretched hands)",
        [CowsItem.Yawning] = "Yawning (during assessment)",
        [CowsItem.AnxietyIrritability] = "Anxiety or irritability",
        [CowsItem.GoosefleshSkin] = "Gooseflesh skin",
    };

    // After Labels: static initialisers run in the order they are written.
    public override IReadOnlyList<AlertKind> Alerts { get; } =
    [
        new(AlertCodes.WithdrawalSevere, "Severe opioid withdrawal", 40),
        new(AlertCodes.WithdrawalEscalating, "Opioid withdrawal getting worse", 61),
        new(AlertCodes.InductionThreshold, "COWS ready for buprenorphine induction", 63),
    ];

    public static ScaleSetting SevereFrom { get; } = new("withdrawalSevereCows", 25, 1, Cows.MaximumTotal, "points", "COWS at or above this is severe withdrawal: medium alert, prescriber review.");

    public static ScaleSetting EscalationRise { get; } = new("withdrawalEscalationRise", 8, 1, Cows.MaximumTotal, "points", "A rise of this much over the lowest COWS within the window is escalating withdrawal.");

    public static ScaleSetting EscalationWindowHours { get; } = new("withdrawalEscalationWindowHours", 6, 1, 72, "hours", "How far back the escalation rule looks for the lowest COWS.");

    public static ScaleSetting IntervalHours { get; } = new("cowsIntervalHours", 4, 1, 24, "hours", "COWS is due this long after the last.");

    public static ScaleSetting IntensiveIntervalHours { get; } = new("cowsIntensiveIntervalHours", 1, 1, 24, "hours", "COWS is due this long after a COWS at or above cowsIntensiveFrom.");

    public static ScaleSetting IntensiveFrom { get; } = new("cowsIntensiveFrom", 13, 1, Cows.MaximumTotal, "points", "COWS at or above this moves the patient to the intensive interval.");

    /// <summary>Buprenorphine induction may start at this COWS (protocols use 8-12; higher after fentanyl).</summary>
    public static ScaleSetting InductionThreshold { get; } = new("inductionThresholdCows", 8, 1, Cows.MaximumTotal, "points", "Buprenorphine induction may start at this COWS.");

    public static ScaleSetting PrecipitatedRise { get; } = new("precipitatedWithdrawalRise", 6, 1, Cows.MaximumTotal, "points",
        "A COWS rise of this much over the last COWS before the first buprenorphine dose is precipitated withdrawal.");

    public static ScaleSetting InductionCheckMinutes { get; } = new("inductionCowsCheckMinutes", 60, 15, 240, "minutes", "A COWS is due this long after the first buprenorphine dose.");

    public override IReadOnlyList<ScaleSetting> Settings { get; } =
        [SevereFrom, EscalationRise, EscalationWindowHours, IntervalHours, IntensiveIntervalHours, IntensiveFrom, InductionThreshold, PrecipitatedRise, InductionCheckMinutes];

    public override ScaleInterval Interval { get; } = new(IntervalHours, IntensiveIntervalHours, IntensiveFrom);

    public override InductionRole Induction { get; } = new(InductionThreshold, PrecipitatedRise, InductionCheckMinutes);

    public static CowsScale Instance { get; } = new();

    private CowsScale()
    {
        Items = [.. Cows.Items.Select(item => new ScaleItem(
            NameOf(item),
            Labels[item],
            [.. Cows.AllowedScores(item).Select(score => new ScaleValue(score, Cows.Describe(item, score)))],
            item == CowsItem.RestingPulseRate
                ? new ItemMeasurement("restingPulseBpm", "Resting pulse", "beats/min", MinimumPulseBpm, MaximumPulseBpm, Cows.RestingPulseScore)
                : null))];
    }

    public const int MinimumPulseBpm = 20;
    public const int MaximumPulseBpm = 300;

    public override string Kind => "cows";

    public override string Name => "COWS";

    public override string Title => "Clinical Opiate Withdrawal Scale (Wesson & Ling, J Psychoactive Drugs 2003)";

    public override IReadOnlyList<ScaleItem> Items { get; }

    public override IReadOnlyList<ScaleBand> Bands { get; } =
    [
        new("none", "none", 0, 4),
        new("mild", "mild", 5, 12),
        new("moderate", "moderate", 13, 24),
        new("moderately-severe", "moderately severe", 25, 36) { Flagged = true },
        new("severe", "severe", 37, 48) { Flagged = true },
    ];

    public static string NameOf(CowsItem item) => JsonNamingPolicy.CamelCase.ConvertName(item.ToString());

    public override string AssessesWithdrawalFrom => Substances.Opioid;

    public override int ReAlarmStep => CowsRules.ReAlarmStep;

    public override TimeSpan History(WardSettings settings) => TimeSpan.FromHours(settings.Get(EscalationWindowHours));

    public override IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, IReadOnlyCollection<string> substances, WardSettings settings) =>
        CowsRules.Evaluate(latest, earlier, substances.Contains(Substances.Opioid), settings);
}
