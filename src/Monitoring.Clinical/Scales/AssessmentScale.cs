namespace Monitoring.Clinical;

/// <summary>One allowed score of an item, with the scale's words for it (null where the scale gives none).</summary>
public sealed record ScaleValue(int Score, string? Descriptor);

/// <summary>A measurement an item may be scored from instead (COWS: the resting pulse in beats per minute).</summary>
public sealed record ItemMeasurement(string Name, string Label, string Unit, int Minimum, int Maximum, Func<int, int> Score);

/// <summary>One item of a scale: its wire name, its label and every score it allows.</summary>
public sealed record ScaleItem(string Name, string Label, IReadOnlyList<ScaleValue> Values, ItemMeasurement? Measurement = null)
{
    public int Maximum => Values.Max(v => v.Score);

    public bool Allows(int score) => Values.Any(v => v.Score == score);

    public string AllowedText => Values.All(v => v.Descriptor is null)
        ? $"{Values.Min(v => v.Score)} to {Maximum}"
        : string.Join("; ", Values.Select(v => v.Descriptor is null ? $"{v.Score}" : $"{v.Score} {v.Descriptor}"));
}

/// <summary>A band of totals, both ends included; a flagged band is shown as a warning on the board.</summary>
public sealed record ScaleBand(string Name, string Label, int From, int To)
{
    public bool Flagged { get; init; }
}

public sealed record AssessmentScore(int Total, ScaleBand Band);

/// <summary>
/// A ward setting a scale declares: its wire name, default and the limits outside which it would silence
/// or distort the scale's rule. Wards tune it through <c>PUT /api/wards/{ward}/settings</c> like any other.
/// </summary>
public sealed record ScaleSetting(string Name, int Default, int Minimum, int Maximum, string Unit, string Meaning)
{
    public string Limits => $"Between {Minimum} and {Maximum} {Unit}.";
}

/// <summary>How often a scale is due: the usual interval, and the shorter one from a total on (all three ward settings).</summary>
public sealed record ScaleInterval(ScaleSetting UsualHours, ScaleSetting IntensiveHours, ScaleSetting IntensiveFrom);

/// <summary>
/// The induction role: the scale by which buprenorphine readiness is judged, the check due after the first dose,
/// and precipitated withdrawal (a rise over the last score before that dose).
/// </summary>
public sealed record InductionRole(ScaleSetting Threshold, ScaleSetting PrecipitatedRise, ScaleSetting CheckMinutes);

/// <summary>A charted assessment as the rules and the schedule see it.</summary>
public sealed record Assessment(DateTimeOffset ObservedAt, int Total);

/// <summary>
/// A withdrawal or sedation scale described once: items with their allowed values and words, the
/// bands of its total, which admissions it is scheduled for and how often, and the rules it feeds.
/// Storage, the API, the board and the dashboard forms work from this description alone.
/// </summary>
public abstract class AssessmentScale
{
    /// <summary>Wire and store name, also the charting path: <c>POST /api/admissions/{id}/{kind}</c>.</summary>
    public abstract string Kind { get; }

    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract IReadOnlyList<ScaleItem> Items { get; }

    public abstract IReadOnlyList<ScaleBand> Bands { get; }

    /// <summary>The substance class whose admissions are assessed on this scale (opioid, alcohol).</summary>
    public abstract string AssessesWithdrawalFrom { get; }

    /// <summary>The ward settings this scale's schedule and rules read, with their defaults and limits.</summary>
    public abstract IReadOnlyList<ScaleSetting> Settings { get; }

    /// <summary>Set on the one scale by which buprenorphine induction is judged; null on the others.</summary>
    public virtual InductionRole? Induction => null;

    /// <summary>The alerts this scale's rules decide, in a nurse's words: an assessment that no longer fires one clears its episode.</summary>
    public abstract IReadOnlyList<AlertKind> Alerts { get; }

    public IReadOnlyList<string> Codes => _codes ??= [.. Alerts.Select(alert => alert.Code)];

    private IReadOnlyList<string>? _codes;

    public int MaximumTotal => Items.Sum(item => item.Maximum);

    /// <summary>A rise of the total by this much since an alert was acknowledged makes it sound again.</summary>
    public abstract int ReAlarmStep { get; }

    public SeverityPart TotalPart(int total) => new(Name, total, total.ToString(System.Globalization.CultureInfo.InvariantCulture), ReAlarmStep);

    public ScaleBand BandOf(int total) =>
        total < 0 || total > MaximumTotal
            ? throw new ArgumentOutOfRangeException(nameof(total), total, $"A {Name} total is 0 to {MaximumTotal}.")
            : Bands.First(band => total >= band.From && total <= band.To);

    public AssessmentScore Score(IReadOnlyDictionary<string, int> scores)
    {
        var total = 0;
        foreach (var item in Items)
        {
            if (!scores.TryGetValue(item.Name, out var score))
            {
                throw new ArgumentException($"{Name} item {item.Name} is not scored.", nameof(scores));
            }
            if (!item.Allows(score))
            {
                throw new ArgumentException($"{score} is not a score of {Name} item {item.Name}.", nameof(scores));
            }
            total += score;
        }
        return new AssessmentScore(total, BandOf(total));
    }

    /// <summary>
    /// Whether an admission for these substances is assessed on this scale: its substance class is among them and,
    /// where the ward names one scale for that class (opioids: <see cref="WardSettings.OpioidScale"/>), it is that one.
    /// </summary>
    public bool IsScheduledFor(IReadOnlyCollection<string> substances, WardSettings settings) =>
        substances.Contains(AssessesWithdrawalFrom)
        && (AssessesWithdrawalFrom != Substances.Opioid || Kind == settings.ChartedOpioidScale);

    /// <summary>The settings that say how often this scale is due.</summary>
    public abstract ScaleInterval Interval { get; }

    public Due NextDue(DateTimeOffset observedAt, int total, WardSettings settings)
    {
        var intensiveFrom = settings.Get(Interval.IntensiveFrom);
        return total >= intensiveFrom
            ? new Due(observedAt + TimeSpan.FromHours(settings.Get(Interval.IntensiveHours)), $"{Name} {total} (≥ {intensiveFrom})")
            : new Due(observedAt + TimeSpan.FromHours(settings.Get(Interval.UsualHours)), $"{Name} {total}");
    }

    /// <summary>How far back the rules look at earlier assessments of the admission.</summary>
    public virtual TimeSpan History(WardSettings settings) => TimeSpan.Zero;

    /// <summary>Problems with the ward settings this scale reads (field, message): each outside its limits, then an intensive interval longer than the usual one.</summary>
    public IEnumerable<(string Field, string Message)> ValidateSettings(WardSettings settings)
    {
        foreach (var setting in Settings.Where(setting => settings.Get(setting) is var value && (value < setting.Minimum || value > setting.Maximum)))
        {
            yield return (setting.Name, setting.Limits);
        }
        if (settings.Get(Interval.IntensiveHours) > settings.Get(Interval.UsualHours))
        {
            yield return (Interval.IntensiveHours.Name, $"No longer than {Interval.UsualHours.Name}.");
        }
    }

    public abstract IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, IReadOnlyCollection<string> substances, WardSettings settings);
}
