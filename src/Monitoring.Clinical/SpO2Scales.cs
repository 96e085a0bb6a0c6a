namespace Monitoring.Clinical;

/// <summary>An SpO2 scale in a clinician's words: its number, its short name and when it is used.</summary>
public sealed record SpO2ScaleDescription(int Scale, string Name, string Use);

/// <summary>
/// The two NEWS2 SpO2 scales as the dashboard names them. Scale 2's target range is read from its scoring (the
/// saturations that score 0 on air), so the words cannot drift from the table.
/// </summary>
public static class SpO2Scales
{
    public static (int From, int To) Scale2Target { get; } = TargetOf(SpO2Scale.Scale2);

    public static IReadOnlyList<SpO2ScaleDescription> All { get; } =
    [
        new(1, "Scale 1", "usual"),
        new(2, $"Scale 2 ({Scale2Target.From}–{Scale2Target.To} %)", $"hypercapnic respiratory failure, target {Scale2Target.From}–{Scale2Target.To} %"),
    ];

    public static string NameOf(int scale) => All.FirstOrDefault(description => description.Scale == scale)?.Name ?? $"Scale {scale}";

    // The lowest run of saturations that score 0 on air, within the possible range.
    private static (int From, int To) TargetOf(SpO2Scale scale)
    {
        var (minimum, maximum) = VitalSignRanges.SpO2;
        var from = Enumerable.Range(minimum, maximum - minimum + 1).First(percent => News2.SpO2(percent, scale, false) == 0);
        var to = from;
        while (to < maximum && News2.SpO2(to + 1, scale, false) == 0 && News2.SpO2(to + 1, scale, true) == 0)
        {
            to++;
        }
        return (from, to);
    }
}
