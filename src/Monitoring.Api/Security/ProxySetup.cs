using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Monitoring.Api.Security;

/// <summary>
/// Behind a reverse proxy (where TLS ends) the client's address is in <c>X-Forwarded-For</c>. It is believed
/// only from the proxies named in <c>Monitoring:ForwardedHeaders:KnownProxies</c> (addresses) or
/// <c>:KnownNetworks</c> (CIDR), so that sign-in throttling and the audit trail see the client, not the proxy,
/// and nobody else can choose the address they are recorded under. Neither set: the header is ignored.
/// </summary>
public static class ProxySetup
{
    public const string Section = "Monitoring:ForwardedHeaders";

    public static IServiceCollection AddMonitoringProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Values(configuration, "KnownProxies").Select(IPAddress.Parse).ToList();
        var networks = Values(configuration, "KnownNetworks").Select(System.Net.IPNetwork.Parse).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            // One proxy hop: the address it saw is the client's.
            options.ForwardLimit = 1;
        });
        return services;
    }

    public static IApplicationBuilder UseMonitoringProxies(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        return Values(configuration, "KnownProxies").Count + Values(configuration, "KnownNetworks").Count > 0 ? app.UseForwardedHeaders() : app;
    }

    // A list in configuration: "10.0.0.1,10.0.0.2" in one variable, or :0, :1 … entries.
    private static List<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection($"{Section}:{key}");
        var values = section.Value is { Length: > 0 } single ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return [.. values, .. section.GetChildren().Select(child => child.Value).OfType<string>().Where(value => value.Length > 0)];
    }
}
