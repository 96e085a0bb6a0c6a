using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;

namespace Monitoring.Api.Charting;

public static class ChartingRegistration
{
    /// <summary>The charting core every feature stands on: what a reading sets off, and how the chart is read.</summary>
    public static IServiceCollection AddCharting(this IServiceCollection services)
    {
        services.AddScoped<AdmissionAccess>();
        services.AddScoped<WardLookup>();
        services.AddSingleton<WardSettingsCache>();
        services.AddScoped<ChartReader>();
        services.AddScoped<ChartingEffects>();
        services.AddScoped<AlertReader>();
        services.AddScoped<AlertWriter>();
        services.AddScoped<AlertRecomputation>();
        services.AddScoped<SweepAlerts>();
        services.AddScoped<DoseReader>();
        services.AddScoped<DoseCorrection>();
        services.AddScoped<BoardReader>();
        services.AddScoped<AudioPauseReader>();
        services.AddScoped<MonitorReader>();
        return services;
    }
}
