using Monitoring.Clinical;

namespace Monitoring.Api.Features.Assessments;

/// <summary>
/// Every scale as the dashboard draws its forms (items, allowed values with their words, bands), NEWS2's
/// table, and every alert's words in the order a bed's alerts of one priority are listed.
/// </summary>
public static class ScaleCatalogue
{
    public sealed record View(
        IReadOnlyList<ScaleView> Scales,
        News2Catalogue.View News2,
        IReadOnlyList<AlertKindView> Alerts,
        IReadOnlyList<VitalSignField> Vitals,
        IReadOnlyList<LevelView> Consciousness,
        IReadOnlyList<LevelView> Sedation)
    {
        /// <summary>The SpO2 scales a patient may be scored on, with their names and when each is used.</summary>
        public IReadOnlyList<SpO2ScaleDescription> Spo2Scales => SpO2Scales.All;
    }

    /// <summary>A choice of a coded field (ACVPU, POSS) with its words, and what to do at once when chosen (null: nothing).</summary>
    public sealed record LevelView(string Code, string Words, string? Action);

    public sealed record AlertKindView(string Code, string Name);

    public sealed record ScaleView(string Kind, string Name, string Title, int MaximumTotal, IReadOnlyList<ItemView> Items, IReadOnlyList<BandView> Bands, string Path)
    {
        /// <summary>The substance class whose admissions are assessed on it; where a class has several scales, the ward's setting chooses.</summary>
        public required string AssessesWithdrawalFrom { get; init; }

        /// <summary>The ward settings it reads, tuned through the ward's settings like any other.</summary>
        public required IReadOnlyList<ScaleSetting> Settings { get; init; }

        /// <summary>Its roles: <c>induction</c> on the scale buprenorphine induction is judged by.</summary>
        public required IReadOnlyList<string> Roles { get; init; }

        public required IReadOnlyList<AlertKindView> Alerts { get; init; }
    }

    public sealed record ItemView(string Name, string Label, IReadOnlyList<ValueView> Values, MeasurementView? Measurement);

    public sealed record ValueView(int Score, string? Descriptor);

    public sealed record MeasurementView(string Name, string Label, string Unit, int Minimum, int Maximum, IReadOnlyList<MeasurementBand> Scores);

    /// <summary>A measurement from <see cref="From"/> up to <see cref="To"/> (both included) scores <see cref="Score"/>.</summary>
    public sealed record MeasurementBand(int From, int To, int Score);

    /// <summary>A band of totals; a flagged one is shown as a warning on the board.</summary>
    public sealed record BandView(string Name, string Label, int From, int To, bool Flagged);

    public static View Describe() => new([.. AssessmentScales.All.Select(scale => new ScaleView(
        scale.Kind,
        scale.Name,
        scale.Title,
        scale.MaximumTotal,
        [.. scale.Items.Select(item => new ItemView(
            item.Name,
            item.Label,
            [.. item.Values.Select(v => new ValueView(v.Score, v.Descriptor))],
            item.Measurement is { } m ? new MeasurementView(m.Name, m.Label, m.Unit, m.Minimum, m.Maximum, Bands(m)) : null))],
        [.. scale.Bands.Select(b => new BandView(b.Name, b.Label, b.From, b.To, b.Flagged))],
        $"/api/admissions/{{id}}/{scale.Kind}")
    {
        AssessesWithdrawalFrom = scale.AssessesWithdrawalFrom,
        Settings = scale.Settings,
        Roles = scale.Induction is null ? [] : ["induction"],
        Alerts = [.. scale.Alerts.Select(kind => new AlertKindView(kind.Code, kind.Name))],
    })],
        News2Catalogue.Describe(),
        [.. AlertKinds.All.Select(kind => new AlertKindView(kind.Code, kind.Name))],
        VitalSignRanges.Fields,
        [.. Enum.GetValues<Consciousness>().Select(level => new LevelView(Acvpu.Code(level), Acvpu.Words(level), null))],
        [.. Enum.GetValues<PossLevel>().Select(level => new LevelView(Poss.Code(level), Poss.Words(level), Poss.Action(level)))]);

    // The measurement's scoring as ranges, computed from the function itself so the two cannot differ.
    private static List<MeasurementBand> Bands(ItemMeasurement measurement)
    {
        var bands = new List<MeasurementBand>();
        for (var value = measurement.Minimum; value <= measurement.Maximum; value++)
        {
            var score = measurement.Score(value);
            if (bands.Count > 0 && bands[^1].Score == score)
            {
                bands[^1] = bands[^1] with { To = value };
            }
            else
            {
                bands.Add(new MeasurementBand(value, value, score));
            }
        }
        return bands;
    }
}
