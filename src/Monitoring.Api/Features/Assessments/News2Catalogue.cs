using Monitoring.Clinical;

namespace Monitoring.Api.Features.Assessments;

/// <summary>
/// NEWS2's parameter table as the dashboard scores a form live: every range of a parameter's charted values
/// with its score, read off <see cref="News2"/> itself over the physiological range so the two cannot differ.
/// </summary>
public static class News2Catalogue
{
    public sealed record View(
        IReadOnlyDictionary<string, IReadOnlyList<Range>> Parameters,
        IReadOnlyDictionary<string, IReadOnlyList<Range>> Spo2,
        IReadOnlyDictionary<string, int> OnOxygen,
        IReadOnlyDictionary<string, int> Consciousness,
        IReadOnlyList<TotalBand> Bands,
        string AnySingleParameterThree,
        int TemperatureDecimals);

    /// <summary>Values from <see cref="From"/> to <see cref="To"/>, both included, score <see cref="Score"/>.</summary>
    public sealed record Range(decimal From, decimal To, int Score);

    /// <summary>A total at or above <see cref="From"/> is this band (checked in order); below all, the single-parameter rule, then low.</summary>
    public sealed record TotalBand(string Name, int From);

    public static View Describe() => new(
        new Dictionary<string, IReadOnlyList<Range>>
        {
            ["respiratoryRate"] = Ranges(VitalSignRanges.RespiratoryRate, 1m, v => News2.RespirationRate((int)v)),
            ["systolicBp"] = Ranges(VitalSignRanges.SystolicBp, 1m, v => News2.SystolicBp((int)v)),
            ["heartRate"] = Ranges(VitalSignRanges.HeartRate, 1m, v => News2.Pulse((int)v)),
            ["temperatureC"] = Ranges(VitalSignRanges.TemperatureC, 0.1m, News2.Temperature),
        },
        new Dictionary<string, IReadOnlyList<Range>>
        {
            ["1"] = Ranges(VitalSignRanges.SpO2, 1m, v => News2.SpO2((int)v, SpO2Scale.Scale1, false)),
            ["2-air"] = Ranges(VitalSignRanges.SpO2, 1m, v => News2.SpO2((int)v, SpO2Scale.Scale2, false)),
            ["2-oxygen"] = Ranges(VitalSignRanges.SpO2, 1m, v => News2.SpO2((int)v, SpO2Scale.Scale2, true)),
        },
        new Dictionary<string, int> { ["false"] = News2.AirOrOxygen(false), ["true"] = News2.AirOrOxygen(true) },
        Enum.GetValues<Consciousness>().ToDictionary(Acvpu.Code, News2.ConsciousnessScore),
        [new("high", News2.HighFrom), new("medium", News2.MediumFrom)],
        "low-medium",
        1);

    private static List<Range> Ranges((int Min, int Max) range, decimal step, Func<decimal, int> score) =>
        Ranges(((decimal)range.Min, (decimal)range.Max), step, score);

    private static List<Range> Ranges((decimal Min, decimal Max) range, decimal step, Func<decimal, int> score)
    {
        var ranges = new List<Range>();
        for (var value = range.Min; value <= range.Max; value += step)
        {
            var scored = score(value);
            if (ranges.Count > 0 && ranges[^1].Score == scored)
            {
                ranges[^1] = ranges[^1] with { To = value };
            }
            else
            {
                ranges.Add(new Range(value, value, scored));
            }
        }
        return ranges;
    }
}
