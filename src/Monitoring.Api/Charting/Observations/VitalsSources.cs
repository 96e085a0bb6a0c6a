namespace Monitoring.Api.Charting.Observations;

/// <summary>Where a set of vitals came from: typed by the nurse, or read from the bedside monitor and checked by the nurse before saving.</summary>
public static class VitalsSources
{
    public const string Manual = "manual";
    public const string MonitorValidated = "monitor-validated";
    public static readonly IReadOnlyList<string> All = [Manual, MonitorValidated];
}
