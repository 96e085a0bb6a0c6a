namespace Monitoring.Clinical;

/// <summary>
/// The thresholds and delays of the continuous alarms on the monitor feed. Defaults: SpO2 88 % for 15 s (Welch 2011:
/// a threshold of 88 % and a 15 s delay cut nuisance oximetry alarms by about 60 %); EtCO2 15/60 mmHg for 3 min (PRODIGY).
/// </summary>
public sealed partial record WardSettings
{
    public int MonitorSpo2Low { get; init; } = 88;

    /// <summary>The SpO2 threshold for a patient on NEWS2 SpO2 scale 2 (hypercapnic respiratory failure, target 88-92 %).</summary>
    public int MonitorSpo2LowScale2 { get; init; } = 84;

    public int MonitorSpo2Seconds { get; init; } = 15;

    public int MonitorRrLow { get; init; } = 8;

    public int MonitorRrSeconds { get; init; } = 60;

    public int MonitorApnoeaSeconds { get; init; } = 30;

    public int MonitorEtco2Low { get; init; } = 15;

    public int MonitorEtco2High { get; init; } = 60;

    public int MonitorEtco2Seconds { get; init; } = 180;

    public int MonitorHrLow { get; init; } = 40;

    public int MonitorHrHigh { get; init; } = 131;

    public int MonitorHrSeconds { get; init; } = 60;

    /// <summary>A parameter that had valid samples and has none this long, while the monitor's messages still arrive.</summary>
    public int MonitorSignalLostSeconds { get; init; } = 60;

    /// <summary>No message at all from an admission's monitor this long, on the server's clock.</summary>
    public int MonitorOfflineSeconds { get; init; } = 120;

    /// <summary>An acknowledged monitor alert whose condition has been clear this long is resolved by the service.</summary>
    public int MonitorAutoResolveMinutes { get; init; } = 10;

    // Each bound keeps the rule able to fire: a threshold outside the physiological range, or a delay of hours, would silence it.
    private void ValidateMonitorSettings(Action<bool, string, string> check)
    {
        check(MonitorSpo2Low is >= 70 and <= 95, "monitorSpo2Low", "Between 70 and 95 %.");
        check(MonitorSpo2LowScale2 is >= 70 and <= 92, "monitorSpo2LowScale2", "Between 70 and 92 %.");
        check(MonitorSpo2Seconds is >= 0 and <= 120, "monitorSpo2Seconds", "Between 0 and 120 s.");
        check(MonitorRrLow is >= 1 and <= 12, "monitorRrLow", "Between 1 and 12 /min: 0 is apnoea's rule.");
        check(MonitorRrSeconds is >= 0 and <= 300, "monitorRrSeconds", "Between 0 and 300 s.");
        check(MonitorApnoeaSeconds is >= 10 and <= 120, "monitorApnoeaSeconds", "Between 10 and 120 s.");
        check(MonitorEtco2Low is >= 1 and <= 30, "monitorEtco2Low", "Between 1 and 30 mmHg.");
        check(MonitorEtco2High is >= 40 and <= 100, "monitorEtco2High", "Between 40 and 100 mmHg.");
        check(MonitorEtco2Seconds is >= 0 and <= 600, "monitorEtco2Seconds", "Between 0 and 600 s.");
        check(MonitorHrLow is >= 25 and <= 60, "monitorHrLow", "Between 25 and 60 /min.");
        check(MonitorHrHigh is >= 100 and <= 220, "monitorHrHigh", "Between 100 and 220 /min.");
        check(MonitorHrSeconds is >= 0 and <= 600, "monitorHrSeconds", "Between 0 and 600 s.");
        check(MonitorSignalLostSeconds is >= 15 and <= 300, "monitorSignalLostSeconds", "Between 15 and 300 s.");
        check(MonitorOfflineSeconds is >= 30 and <= 600, "monitorOfflineSeconds", "Between 30 and 600 s.");
        check(MonitorAutoResolveMinutes is >= 1 and <= 120, "monitorAutoResolveMinutes", "Between 1 and 120 minutes.");
    }
}
