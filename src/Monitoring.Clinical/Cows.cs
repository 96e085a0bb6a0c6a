namespace Monitoring.Clinical;

public enum CowsItem
{
    RestingPulseRate,
    Sweating,
    Restlessness,
    PupilSize,
    BoneJointAches,
    RunnyNoseTearing,
    GiUpset,
    Tremor,
    Yawning,
    AnxietyIrritability,
    GoosefleshSkin,
}

/// <summary>Clinical Opiate Withdrawal Scale (Wesson &amp; Ling, J Psychoactive Drugs 2003).</summary>
public static class Cows
{
    public const int MaximumTotal = 48;

    public static IReadOnlyList<CowsItem> Items { get; } = Enum.GetValues<CowsItem>();

    public static IReadOnlyList<int> AllowedScores(CowsItem item) => [.. CowsDescriptors.Of(item).Keys];

    public static bool IsAllowed(CowsItem item, int score) => CowsDescriptors.Of(item).ContainsKey(score);

    public static string Describe(CowsItem item, int score) =>
        CowsDescriptors.Of(item).TryGetValue(score, out var text)
            ? text
            : throw new ArgumentOutOfRangeException(nameof(score), score, $"{score} is not a score of {item}.");

    public static int RestingPulseScore(int bpm) => bpm switch
    {
        < 1 => throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "A pulse is at least 1 beat per minute."),
        <= 80 => 0,
        <= 100 => 1,
        <= 120 => 2,
        _ => 4,
    };
}
