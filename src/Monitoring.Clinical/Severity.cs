using System.Globalization;

namespace Monitoring.Clinical;

/// <summary>
/// One comparable aspect of a finding. <see cref="Rank"/> is 0 when normal and grows as it gets worse;
/// a rise of at least <see cref="Step"/> counts as a deterioration, and so does any rise of <see cref="Band"/>
/// (the NEWS2 score band of the value), so that a step across a band edge is never too small to count.
/// <see cref="Value"/> is how a nurse reads it.
/// </summary>
public sealed record SeverityPart(string Label, int Rank, string Value, int Step = 1, int Band = 0)
{
    /// <summary>Worse than <paramref name="earlier"/>; a part not charted before counts from normal.</summary>
    public bool IsWorseThan(SeverityPart? earlier) =>
        Band > (earlier?.Band ?? 0) || (Rank > 0 && Rank - (earlier?.Rank ?? 0) >= Step);
}

/// <summary>
/// How bad a finding is, part by part (for respiratory depression: RR, POSS, consciousness, SpO2), so
/// that "worse than when it was acknowledged" is decided here and never in SQL.
/// </summary>
public sealed record Severity(AlertPriority Priority, IReadOnlyList<SeverityPart> Parts)
{
    public static Severity Of(AlertPriority priority) => new(priority, []);

    /// <summary>
    /// What got worse since <paramref name="before"/>, as "RR 10 -> 4": a higher priority, or any part whose
    /// rank rose by its step. A part not charted before counts from normal (rank 0).
    /// </summary>
    public IReadOnlyList<string> WorsenedSince(Severity before)
    {
        var worse = new List<string>();
        if (Priority > before.Priority)
        {
            worse.Add($"priority {Name(before.Priority)} -> {Name(Priority)}");
        }
        foreach (var part in Parts)
        {
            var earlier = before.Parts.FirstOrDefault(p => p.Label == part.Label);
            if (part.IsWorseThan(earlier))
            {
                worse.Add($"{part.Label} {earlier?.Value ?? "not charted"} -> {part.Value}");
            }
        }
        return worse;
    }

    public bool IsWorseThan(Severity before) => WorsenedSince(before).Count > 0;

    private static string Name(AlertPriority priority) => priority.ToString().ToLowerInvariant();
}

/// <summary>The parts that findings share, so that every rule ranks a value the same way.</summary>
public static class SeverityParts
{
    /// <summary>Slow breathing: 2/min lower, or a lower NEWS2 band (9-11, then 8 and under), is worse; 12/min and above rank as normal.</summary>
    public static SeverityPart RespiratoryRate(int rate) =>
        new("RR", Math.Max(0, 12 - rate), rate.ToString(CultureInfo.InvariantCulture), Step: 2, Band: rate <= 8 ? 3 : rate <= 11 ? 1 : 0);

    /// <summary>POSS 1, 2 and S are acceptable (rank 0); 3 ranks 1 and 4 ranks 2.</summary>
    public static SeverityPart Sedation(PossLevel level) => new("POSS", Math.Max(0, Poss.Rank(level) - 2), Poss.Code(level));

    /// <summary>Further from A is worse: C, V, P, U.</summary>
    public static SeverityPart Consciousness(Consciousness level) => new("consciousness", (int)level, Acvpu.Code(level));

    /// <summary>
    /// Low saturation: a higher NEWS2 SpO2 score, or 3 points lower within a band, is worse (every value of 91 %
    /// and under is one band on scale 1, so 91 -> 80 % must still count). Rank counts the points below the target.
    /// </summary>
    public static SeverityPart SpO2Band(int spo2, int score, SpO2Scale scale) =>
        new("SpO2", Math.Max(0, (scale == SpO2Scale.Scale2 ? 88 : 96) - spo2), $"{spo2} %", Step: 3, Band: score);

    public static SeverityPart News2Total(int total, string label = "NEWS2") => new(label, total, total.ToString(CultureInfo.InvariantCulture));
}

/// <summary>Times as the ward reads them: its own time zone, hours and minutes.</summary>
public static class WardTime
{
    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
}
