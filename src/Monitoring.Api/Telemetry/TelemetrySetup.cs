using Microsoft.AspNetCore.SignalR;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Monitoring.Api.Telemetry;

public static class TelemetrySetup
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The service's meters always exist (cheap with nobody listening); OpenTelemetry collects them with
    /// ASP.NET Core and SqlClient traces and metrics, and exports over OTLP, when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IServiceCollection AddMonitoringTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MonitoringTelemetry>();
        services.AddSingleton<HubConnectionMeter>();
        services.Configure<HubOptions>(options => options.AddFilter<HubConnectionMeter>());
        services.AddTransient<IStartupFilter, SignInFailureMeter>();
        if (string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitoring"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddSqlClientInstrumentation()
                .AddMeter(MonitoringTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSqlClientInstrumentation()
                .AddSource(MonitoringTelemetry.Name))
            .UseOtlpExporter();
        return services;
    }
}

/// <summary>Counts dashboards connected to this instance's hub.</summary>
public sealed class HubConnectionMeter(MonitoringTelemetry telemetry) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        telemetry.HubConnected();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        telemetry.HubDisconnected();
        await next(context, exception);
    }
}

/// <summary>Counts refused sign-ins (wrong password, throttled) by the answer the client got.</summary>
public sealed class SignInFailureMeter(MonitoringTelemetry telemetry) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            await call(context);
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/auth/token", StringComparison.OrdinalIgnoreCase)
                && context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status429TooManyRequests or StatusCodes.Status423Locked)
            {
                telemetry.SignInRefused(context.Response.StatusCode);
            }
        });
        next(app);
    };
}
