using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Monitoring.Clinical;

/// <summary>
/// A scale given wholly as data (a JSON description a unit adds without code): items and their words, bands
/// (some flagged on the board), the settings it declares, an interval that tightens from a threshold, and
/// alerts raised when the total reaches a setting. Rules that need more than thresholds (COWS's escalation,
/// buprenorphine induction) belong to a scale written in code.
/// </summary>
public sealed partial class DescribedScale : AssessmentScale
{
    private readonly Description _description;
    private readonly IReadOnlyDictionary<string, ScaleSetting> _settings;

    private DescribedScale(Description description)
    {
        _description = description;
        Items = [.. description.Items.Select(item => new ScaleItem(item.Name, item.Label,
            [.. Enumerable.Range(0, item.Maximum + 1).Select(score => new ScaleValue(score, item.Words?.GetValueOrDefault(score.ToString(System.Globalization.CultureInfo.InvariantCulture))))]))];
        Bands = [.. description.Bands.Select(band => new ScaleBand(band.Name, band.Label, band.From, band.To) { Flagged = band.Flagged })];
        Settings = [.. description.Settings.Select(s => new ScaleSetting(s.Name, s.Default, s.Minimum, s.Maximum, s.Unit, s.Meaning))];
        _settings = Settings.ToDictionary(setting => setting.Name);
        Alerts = [.. description.Alerts.Select(alert => new AlertKind(alert.Code, alert.Name, alert.Rank))];
        var schedule = description.Schedule;
        Interval = new ScaleInterval(_settings[schedule.IntervalHours], _settings[schedule.IntensiveIntervalHours], _settings[schedule.IntensiveFrom]);
    }

    public override string Kind => _description.Kind;

    public override string Name => _description.Name;

    public override string Title => _description.Title;

    public override IReadOnlyList<ScaleItem> Items { get; }

    public override IReadOnlyList<ScaleBand> Bands { get; }

    public override string AssessesWithdrawalFrom => _description.AssessesWithdrawalFrom;

    public override IReadOnlyList<ScaleSetting> Settings { get; }

    public override IReadOnlyList<AlertKind> Alerts { get; }

    public override int ReAlarmStep => _description.ReAlarmStep;

    public override ScaleInterval Interval { get; }

    public override IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, IReadOnlyCollection<string> substances, WardSettings settings) =>
        [.. _description.Alerts
            .Select(alert => (alert, threshold: settings.Get(_settings[alert.From])))
            .Where(pair => latest.Total >= pair.threshold)
            .Select(pair => new Finding(pair.alert.Code, pair.alert.Priority, $"{Name} {latest.Total} (≥ {pair.threshold}): {pair.alert.Action}.")
            {
                Parts = [TotalPart(latest.Total)],
            })];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads and checks a description; a faulty one is refused with every reason, so that the service does not start on it.</summary>
    public static DescribedScale Parse(string json, string source)
    {
        Description? description;
        try
        {
            description = JsonSerializer.Deserialize<Description>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidScaleException(source, [exception.Message]);
        }
        if (description is null)
        {
            throw new InvalidScaleException(source, ["The description is empty."]);
        }
        // JSON's null inside a list is not caught by the nullable annotations: a list with a hole is refused first.
        if (description.Items.Contains(null) || description.Bands.Contains(null) || description.Settings.Contains(null) || description.Alerts.Contains(null)
            || description.Items.Any(item => item?.Words?.Values.Contains(null) == true))
        {
            throw new InvalidScaleException(source, ["items, bands, settings, alerts and words hold no null entries."]);
        }
        var problems = Problems(description).ToList();
        return problems.Count > 0 ? throw new InvalidScaleException(source, problems) : new DescribedScale(description);
    }

    private static IEnumerable<string> Problems(Description d)
    {
        if (!KindPattern().IsMatch(d.Kind) || d.Kind == "vitals")
        {
            yield return $"kind '{d.Kind}' is up to 40 lower-case letters, digits and hyphens (it is a path segment), and not 'vitals'.";
        }
        if (!Substances.IsKnown(d.AssessesWithdrawalFrom) || Substances.ClassOf(d.AssessesWithdrawalFrom) != d.AssessesWithdrawalFrom)
        {
            yield return $"assessesWithdrawalFrom '{d.AssessesWithdrawalFrom}' is a substance class such as opioid or alcohol.";
        }
        if (d.Items.Count == 0 || d.Items.Any(item => item.Maximum is < 1 or > 20) || d.Items.Select(item => item.Name).Distinct().Count() != d.Items.Count)
        {
            yield return "items: at least one, each with a distinct name and a maximum of 1 to 20.";
        }
        var maximum = d.Items.Sum(item => item.Maximum);
        var bands = d.Bands.OrderBy(band => band.From).ToList();
        var covered = bands.Count > 0 && bands[0].From == 0 && bands[^1].To == maximum
            && bands.Zip(bands.Skip(1)).All(pair => pair.Second.From == pair.First.To + 1) && bands.All(band => band.From <= band.To);
        if (!covered)
        {
            yield return $"bands: every total from 0 to {maximum} in exactly one band.";
        }
        foreach (var name in d.Items.Select(item => item.Name).Concat(d.Settings.Select(setting => setting.Name)).Where(name => !NamePattern().IsMatch(name)))
        {
            yield return $"'{name}' is a camelCase name of letters and digits.";
        }
        // A setting named as one of the ward's own (overdueGraceMinutes) would be bound to that one and never read here.
        var wardOwn = typeof(WardSettings).GetProperties().Select(property => property.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in d.Settings.Where(setting => wardOwn.Contains(setting.Name)))
        {
            yield return $"setting {setting.Name} is already a ward setting of the service.";
        }
        foreach (var alert in d.Alerts.Where(alert => !KindPattern().IsMatch(alert.Code) || alert.Rank < 1))
        {
            yield return $"alert '{alert.Code}': a code of up to 40 lower-case letters, digits and hyphens, and a rank of at least 1.";
        }
        var settings = d.Settings.Select(s => s.Name).ToHashSet();
        foreach (var setting in d.Settings.Where(s => s.Minimum > s.Default || s.Default > s.Maximum))
        {
            yield return $"setting {setting.Name}: the default lies between its minimum and maximum.";
        }
        foreach (var named in new[] { d.Schedule.IntervalHours, d.Schedule.IntensiveIntervalHours, d.Schedule.IntensiveFrom }.Concat(d.Alerts.Select(a => a.From)))
        {
            if (!settings.Contains(named))
            {
                yield return $"'{named}' is not among the scale's settings.";
            }
        }
        // A threshold above the maximum total would silence its alert.
        foreach (var alert in d.Alerts.Where(a => d.Settings.FirstOrDefault(s => s.Name == a.From) is { } s && (s.Maximum > maximum || s.Minimum < 1)))
        {
            yield return $"alert {alert.Code}: its setting {alert.From} must lie between 1 and the maximum total {maximum}.";
        }
        if (d.ReAlarmStep < 1)
        {
            yield return "reAlarmStep is at least 1.";
        }
    }

    // At most 40 characters: the width of the stored kind and alert code (NVARCHAR(40)).
    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,60}$")]
    private static partial Regex NamePattern();

    private sealed record Description(
        string Kind,
        string Name,
        string Title,
        string AssessesWithdrawalFrom,
        int ReAlarmStep,
        IReadOnlyList<ItemDescription> Items,
        IReadOnlyList<BandDescription> Bands,
        IReadOnlyList<SettingDescription> Settings,
        ScheduleDescription Schedule,
        IReadOnlyList<AlertDescription> Alerts);

    private sealed record ItemDescription(string Name, string Label, int Maximum, IReadOnlyDictionary<string, string>? Words = null);

    private sealed record BandDescription(string Name, string Label, int From, int To, bool Flagged = false);

    private sealed record SettingDescription(string Name, int Default, int Minimum, int Maximum, string Unit, string Meaning);

    private sealed record ScheduleDescription(string IntervalHours, string IntensiveIntervalHours, string IntensiveFrom);

    private sealed record AlertDescription(string Code, string Name, int Rank, AlertPriority Priority, string From, string Action);
}

/// <summary>A scale description that cannot be charted from, with every reason.</summary>
public sealed class InvalidScaleException(string source, IReadOnlyList<string> problems)
    : Exception($"Scale description {source} refused: {string.Join(" ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
