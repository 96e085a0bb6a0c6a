using System.Globalization;

namespace Monitoring.Clinical.Devices;

/// <summary>A valid sample as the alarm rules judge it: the MDC code decides which of a parameter's sources wins.</summary>
public readonly record struct AlarmSample(int Code, MonitorParameter Parameter, DateTimeOffset At, double Value);

/// <summary>
/// A rule that fires when its condition is sustained: every valid sample from the first meeting it to the latest
/// meets it, the latest is at least <see cref="For"/> after the first, and no two consecutive valid samples are
/// more than <see cref="MonitorAlarmRules.MaximumGap"/> apart.
/// </summary>
public sealed record SustainedRule(string Code, MonitorParameter Parameter, AlertPriority Priority, TimeSpan For, double Low, double? High = null)
{
    public bool Meets(double value) => value <= Low || (High is { } high && value >= high);

    /// <summary>The condition as a reason states it: "SpO2 ≤ 88 %", "HR ≤ 40 or ≥ 131 /min".</summary>
    public string Condition => Code == AlertCodes.MonitorApnoea
        ? "RR 0 (apnoea)"
        : $"{MonitorAlarmRules.Label(Parameter)} ≤ {Number(Low)}{(High is { } high ? $" or ≥ {Number(high)}" : "")} {MonitorAlarmRules.Unit(Parameter)}";

    internal static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>The continuous alarms of design.md "Continuous alarms from the monitor feed", per ward settings.</summary>
public static class MonitorAlarmRules
{
    /// <summary>Two valid samples further apart than this break a run: the condition is not shown to be sustained.</summary>
    public static readonly TimeSpan MaximumGap = TimeSpan.FromSeconds(120);

    /// <summary>The parameters whose silence is a lost signal (intermittent ones, blood pressure and temperature, are not).</summary>
    public static readonly IReadOnlyList<MonitorParameter> Continuous =
        [MonitorParameter.Spo2, MonitorParameter.RespiratoryRate, MonitorParameter.HeartRate, MonitorParameter.Etco2];

    /// <summary>Apnoea before bradypnoea: both judge RR, and the reason of the worse comes first.</summary>
    public static IReadOnlyList<SustainedRule> Sustained(WardSettings settings, SpO2Scale scale) =>
    [
        new(AlertCodes.MonitorHypoxaemia, MonitorParameter.Spo2, AlertPriority.High, TimeSpan.FromSeconds(settings.MonitorSpo2Seconds),
            scale == SpO2Scale.Scale2 ? settings.MonitorSpo2LowScale2 : settings.MonitorSpo2Low),
        new(AlertCodes.MonitorApnoea, MonitorParameter.RespiratoryRate, AlertPriority.High, TimeSpan.FromSeconds(settings.MonitorApnoeaSeconds), 0),
        new(AlertCodes.MonitorBradypnoea, MonitorParameter.RespiratoryRate, AlertPriority.High, TimeSpan.FromSeconds(settings.MonitorRrSeconds), settings.MonitorRrLow),
        new(AlertCodes.MonitorEtco2, MonitorParameter.Etco2, AlertPriority.High, TimeSpan.FromSeconds(settings.MonitorEtco2Seconds),
            settings.MonitorEtco2Low, settings.MonitorEtco2High),
        new(AlertCodes.MonitorHeartRate, MonitorParameter.HeartRate, AlertPriority.Medium, TimeSpan.FromSeconds(settings.MonitorHrSeconds),
            settings.MonitorHrLow, settings.MonitorHrHigh),
    ];

    public static string Label(MonitorParameter parameter) => parameter switch
    {
        MonitorParameter.Spo2 => "SpO2",
        MonitorParameter.RespiratoryRate => "RR",
        MonitorParameter.HeartRate => "HR",
        MonitorParameter.Etco2 => "EtCO2",
        MonitorParameter.SystolicBp => "systolic BP",
        MonitorParameter.DiastolicBp => "diastolic BP",
        MonitorParameter.MeanBp => "mean BP",
        _ => "temperature",
    };

    public static string Unit(MonitorParameter parameter) => parameter switch
    {
        MonitorParameter.Spo2 => "%",
        MonitorParameter.RespiratoryRate or MonitorParameter.HeartRate => "/min",
        MonitorParameter.TemperatureC => "°C",
        _ => "mmHg",
    };

    /// <summary>"2 min 10 s", "15 s": how long a condition has lasted, as a nurse reads it.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (int)Math.Max(0, Math.Round(span.TotalSeconds));
        return seconds < 60 ? $"{seconds} s" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";
    }
}

/// <summary>What one sample did to a sustained condition.</summary>
public enum ConditionChange
{
    None,
    Fired,
    Continuing,
    Cleared,
}

/// <summary>
/// One sustained condition of one patient, fed valid samples in device-time order. A condition that fired stays
/// firing until a valid sample no longer meets it: samples that stop, or a gap, never clear it (silence is a lost
/// signal, not a recovery).
/// </summary>
public sealed class SustainedCondition
{
    /// <summary>The first sample of the current run meeting the condition.</summary>
    public DateTimeOffset? Since { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    public bool Firing { get; private set; }

    public double Lowest { get; private set; }

    public double Highest { get; private set; }

    public double Latest { get; private set; }

    /// <summary>The time of the sample that ended the last firing run, and how long it had lasted.</summary>
    public DateTimeOffset? ClearedAt { get; private set; }

    public TimeSpan? LastedFor { get; private set; }

    public ConditionChange Observe(DateTimeOffset at, double value, SustainedRule rule)
    {
        if (LastAt is { } last && at <= last)
        {
            // A late or repeated sample is history: the present is what the latest samples show.
            return ConditionChange.None;
        }
        var broken = LastAt is { } previous && at - previous > MonitorAlarmRules.MaximumGap;
        LastAt = at;
        if (!rule.Meets(value))
        {
            var wasFiring = Firing;
            if (wasFiring)
            {
                LastedFor = at - Since!.Value;
                ClearedAt = at;
            }
            Since = null;
            Firing = false;
            return wasFiring ? ConditionChange.Cleared : ConditionChange.None;
        }
        if (Since is null || (broken && !Firing))
        {
            Since = at;
            Lowest = Highest = value;
        }
        else
        {
            Lowest = Math.Min(Lowest, value);
            Highest = Math.Max(Highest, value);
        }
        Latest = value;
        if (Firing)
        {
            return ConditionChange.Continuing;
        }
        if (at - Since.Value >= rule.For)
        {
            Firing = true;
            ClearedAt = null;
            return ConditionChange.Fired;
        }
        return ConditionChange.None;
    }
}
