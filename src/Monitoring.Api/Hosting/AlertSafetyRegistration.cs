using Monitoring.Api.Features.Charting;

namespace Monitoring.Api.Hosting;

public static class AlertSafetyRegistration
{
    /// <summary>Recomputing alerts after a correction.</summary>
    public static IServiceCollection AddAlertSafety(this IServiceCollection services) => services.AddScoped<AlertRecomputation>();
}
