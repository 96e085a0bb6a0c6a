namespace Monitoring.Api.Features.Charting;

public static class ObservationTime
{
    /// <summary>Bedside devices and tablets drift; beyond this an observation time is in the future.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);
}
