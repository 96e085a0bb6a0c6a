namespace Monitoring.DeviceSimulator;

/// <summary>What a simulated patient's monitor shows over time.</summary>
public enum Story
{
    /// <summary>Normal values with a little noise.</summary>
    Stable,

    /// <summary>Slow opioid respiratory depression: RR and SpO2 fall over ten minutes (SpO2 ≤ 88 % within four), EtCO2 rises.</summary>
    OpioidDepression,

    /// <summary>The oximeter probe comes off for two minutes in every ten: SpO2 and pulse rate are sent as not available.</summary>
    ProbeOff,

    /// <summary>The monitor sends for two minutes, then nothing while it stays connected.</summary>
    Silent,
}

public static class Stories
{
    public static Story Parse(string name) => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "stable" => Story.Stable,
        "opioiddepression" or "depression" => Story.OpioidDepression,
        "probeoff" => Story.ProbeOff,
        "silent" => Story.Silent,
        _ => throw new ArgumentException($"Unknown story '{name}': stable, opioid-depression, probe-off or silent."),
    };
}
