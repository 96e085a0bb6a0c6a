using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Hosting;
using Polly.Telemetry;

namespace Monitoring.Api.Security;

/// <summary>Everything the security review asks of the host, wired in one place.</summary>
public static class SecuritySetup
{
    // The Redis that relays ward events between instances (Realtime.ScaleOut reads the same key): several instances share one sign-in count.

    public static WebApplicationBuilder AddMonitoringSecurity(this WebApplicationBuilder builder, DatabaseOptions database)
    {
        DataFolder.Protect(database);
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // {"respiratoryRate":7,"respiratoryRate":16} must not quietly store 16.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.Converters.Add(new SafeTextConverter());
        });
        services.Configure<JsonHubProtocolOptions>(options =>
        {
            options.PayloadSerializerOptions.AllowDuplicateProperties = false;
            options.PayloadSerializerOptions.Converters.Add(new SafeTextConverter());
        });

        // Logs name ids only: a database call's result is an admission or a chart, never rendered.
        services.ConfigureAll<TelemetryOptions>(options => options.ResultFormatter = (_, result) => result?.GetType().Name);
        // The request-start line carries the query, where browsers put the hub's access token.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        services.AddMonitoringProxies(builder.Configuration);
        // Sent on HTTPS answers only (TLS at Kestrel, or at a known proxy that says X-Forwarded-Proto: https).
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.AddSingleton<RefusalAudit>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<MemoryThrottleState>();
        services.AddSingleton<IThrottleState>(provider => SharedRedis.IsConfigured(builder.Configuration)
            ? new RedisThrottleState(provider.GetRequiredService<SharedRedis>(), provider.GetRequiredService<MemoryThrottleState>(), provider.GetRequiredService<ILogger<RedisThrottleState>>())
            : provider.GetRequiredService<MemoryThrottleState>());
        services.AddMonitoringAuthentication(builder.Configuration, database);
        return builder;
    }

    /// <summary>Outermost: headers and refusal audit see every answer, including the exception handler's.</summary>
    public static IApplicationBuilder UseMonitoringSecurity(this IApplicationBuilder app) =>
        app.UseMonitoringProxies().UseHsts().UseSecurityHeaders().UseRefusalAudit();
}
