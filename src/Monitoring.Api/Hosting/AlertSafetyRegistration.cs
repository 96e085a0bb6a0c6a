
using Monitoring.Api.Charting.Alerts;

namespace Monitoring.Api.Hosting;

public static class AlertSafetyRegistration
{
    /// <summary>Recomputing alerts after a correction.</summary>
    public static IServiceCollection AddAlertSafety(this IServiceCollection services) => services.AddScoped<AlertRecomputation>();
}
