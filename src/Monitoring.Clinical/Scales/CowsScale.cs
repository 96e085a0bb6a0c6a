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
        new("moderately-severe", "moderately severe", 25, 36),
        new("severe", "severe", 37, 48),
    ];

    public static string NameOf(CowsItem item) => JsonNamingPolicy.CamelCase.ConvertName(item.ToString());

    public override bool IsScheduledFor(IReadOnlyCollection<string> substances) => substances.Contains("opioid");

    public override Due NextDue(DateTimeOffset observedAt, int total, WardSettings settings) => ObservationSchedule.NextCows(observedAt, total, settings);

    public override TimeSpan History(WardSettings settings) => TimeSpan.FromHours(settings.WithdrawalEscalationWindowHours);

    public override IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, IReadOnlyCollection<string> substances, WardSettings settings) =>
        CowsRules.Evaluate(
            new CowsObservation(latest.ObservedAt, latest.Total),
            [.. earlier.Select(a => new CowsObservation(a.ObservedAt, a.Total))],
            IsScheduledFor(substances),
            settings);
}
