using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Clinical;

/// <summary>
/// The thresholds and intervals a ward may tune. Defaults are the table of the design; a setting
/// that would silence a rule entirely is refused by <see cref="Validate"/>.
/// </summary>
public sealed partial record WardSettings
{
    public static WardSettings Default { get; } = new();

    /// <summary>RR at or below this is respiratory depression on its own.</summary>
    public int RespiratoryDepressionRate { get; init; } = 8;

    /// <summary>RR at or below this is respiratory depression with sedation, altered consciousness or hypoxaemia.</summary>
    public int RespiratoryDepressionRateWithSigns { get; init; } = 11;

    /// <summary>The scale opioid admissions are charted on: one of the scales for opioid withdrawal (COWS unless the ward chooses another).</summary>
    public string OpioidScale { get; init; } = "cows";

    /// <summary>
    /// The opioid scale actually scheduled: the ward's choice when this service knows it, else COWS. An instance
    /// started without the description of the chosen scale still schedules a withdrawal scale, never none.
    /// </summary>
    [JsonIgnore]
    public string ChartedOpioidScale =>
        AssessmentScales.Find(OpioidScale) is { AssessesWithdrawalFrom: Substances.Opioid } ? OpioidScale : CowsScale.Instance.Kind;

    /// <summary>
    /// The settings the scales declare, on the wire beside the others (<c>cowsIntervalHours</c>, <c>ciwaHighThreshold</c>):
    /// a new scale brings its settings without a property here. Read them with <see cref="Get"/>; absent means the default.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ScaleValues { get; init; }

    public int Get(ScaleSetting setting) =>
        ScaleValues?.FirstOrDefault(pair => string.Equals(pair.Key, setting.Name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
        && found.Value.ValueKind == JsonValueKind.Number && found.Value.TryGetInt32(out var value)
            ? value
            : setting.Default;

    public WardSettings With(ScaleSetting setting, int value) => With([(setting, value)]);

    /// <summary>These settings with every scale's setting written out, defaults included, as the ward's settings are shown.</summary>
    public WardSettings Complete() => With(AssessmentScales.All.SelectMany(scale => scale.Settings).Select(setting => (setting, Get(setting))));

    private WardSettings With(IEnumerable<(ScaleSetting Setting, int Value)> changes)
    {
        var values = new Dictionary<string, JsonElement>(ScaleValues ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, value) in changes)
        {
            values[setting.Name] = JsonSerializer.SerializeToElement(value);
        }
        return this with { ScaleValues = values };
    }

    /// <summary>Vital signs interval when NEWS2 cannot be computed (partial set, under 16, pregnancy).</summary>
    public int VitalsDefaultIntervalHours { get; init; } = 4;

    public int OverdueGraceMinutes { get; init; } = 15;

    /// <summary>Vitals with POSS are due this soon after POSS 3 or more or RR under 10, until both recover.</summary>
    public int SedationRecheckMinutes { get; init; } = 15;

    public int HighEscalationMinutes { get; init; } = 2;

    public int MediumEscalationMinutes { get; init; } = 15;

    /// <summary>IANA time zone in which reasons give times, as the ward's clocks show them.</summary>
    public string TimeZone { get; init; } = "Europe/London";

    public TimeSpan OverdueGrace => TimeSpan.FromMinutes(OverdueGraceMinutes);

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var problems = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                problems[field] = [message];
            }
        }

        Check(RespiratoryDepressionRate is >= 1 and <= 30, "respiratoryDepressionRate", "Between 1 and 30 /min: 0 or less would never fire.");
        Check(RespiratoryDepressionRateWithSigns >= RespiratoryDepressionRate && RespiratoryDepressionRateWithSigns <= 30,
            "respiratoryDepressionRateWithSigns", "At least respiratoryDepressionRate and at most 30 /min.");
        ValidateScaleSettings(problems);
        Check(VitalsDefaultIntervalHours is >= 1 and <= 12, "vitalsDefaultIntervalHours", "Between 1 and 12 hours.");
        Check(SedationRecheckMinutes is >= 5 and <= 60, "sedationRecheckMinutes", "Between 5 and 60 minutes.");
        Check(OverdueGraceMinutes is >= 0 and <= 120, "overdueGraceMinutes", "Between 0 and 120 minutes.");
        Check(HighEscalationMinutes is >= 1 and <= 15, "highEscalationMinutes", "Between 1 and 15 minutes.");
        Check(MediumEscalationMinutes >= HighEscalationMinutes && MediumEscalationMinutes <= 60, "mediumEscalationMinutes", "At least highEscalationMinutes and at most 60 minutes.");
        ValidateDoseSettings(Check);
        ValidateMonitorSettings(Check);
        ValidateShifts(Check);
        return problems;
    }

    // Each scale checks its own settings: a threshold above its maximum total would silence its rule.
    private void ValidateScaleSettings(Dictionary<string, string[]> problems)
    {
        var declared = AssessmentScales.All.SelectMany(scale => scale.Settings).Select(setting => setting.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ScaleValues ?? [])
        {
            if (!declared.Contains(name))
            {
                problems[name] = ["Not a ward setting: a misspelt threshold is refused rather than ignored."];
            }
            else if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _))
            {
                problems[name] = ["A whole number."];
            }
        }
        var opioidScales = AssessmentScales.All.Where(scale => scale.AssessesWithdrawalFrom == Substances.Opioid).Select(scale => scale.Kind).ToList();
        if (!opioidScales.Contains(OpioidScale))
        {
            problems["opioidScale"] = [$"One of the scales for opioid withdrawal: {string.Join(", ", opioidScales)}."];
        }
        foreach (var scale in AssessmentScales.All)
        {
            foreach (var (field, message) in scale.ValidateSettings(this))
            {
                problems.TryAdd(field, [message]);
            }
        }
    }
}
