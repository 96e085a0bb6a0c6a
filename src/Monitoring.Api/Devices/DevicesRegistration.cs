using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Monitoring.Api.Devices.Alarms;
using Monitoring.Api.Devices.Ingest;
using Monitoring.Api.Devices.Mllp;

namespace Monitoring.Api.Devices;

public static class DevicesRegistration
{
    /// <summary>
    /// The monitor feed's services, and when <c>Monitoring:Devices:MllpPort</c> is set its MLLP listener in the
    /// same Kestrel server. An endpoint configured in code makes Kestrel ignore <c>--urls</c>, so the HTTP
    /// addresses given there are bound here too.
    /// </summary>
    public static WebApplicationBuilder AddMonitorFeed(this WebApplicationBuilder builder, int? demoPort = null)
    {
        var services = builder.Services;
        services.Configure<DevicesOptions>(builder.Configuration.GetSection(DevicesOptions.Section));
        if (demoPort is { } port)
        {
            if (builder.Configuration.GetValue<int>($"{DevicesOptions.Section}:MllpPort") == 0)
            {
                services.PostConfigure<DevicesOptions>(options => options.MllpPort = port);
            }
            services.AddHostedService<DemoMonitors>();
        }
        services.AddSingleton<DeviceTelemetry>();
        services.AddSingleton<DeviceAudit>();
        services.AddSingleton<SampleWriter>();
        services.AddSingleton<MonitorIngest>();
        services.AddSingleton<MonitorAlarmEvaluator>();
        services.AddHostedService(provider => provider.GetRequiredService<MonitorAlarmEvaluator>());
        services.AddHostedService<MonitorAlarmSweep>();
        services.AddHostedService<MonitorRetention>();

        var devices = builder.Configuration.GetSection(DevicesOptions.Section).Get<DevicesOptions>() ?? new DevicesOptions();
        if (demoPort is { } demo && devices.MllpPort == 0)
        {
            devices.MllpPort = demo;
        }
        if (!devices.Enabled)
        {
            return builder;
        }
        var urls = HttpUrls(builder.WebHost);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ListenHttp(kestrel, url);
            }
            kestrel.Listen(IPAddress.Parse(devices.MllpAddress), devices.MllpPort, listen => listen.UseConnectionHandler<MllpConnectionHandler>());
        });
        return builder;
    }

    // --urls / ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS / HTTPS_PORTS (set in container images), else Kestrel's default.
    private static string HttpUrls(IWebHostBuilder host)
    {
        if (host.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } urls)
        {
            return urls;
        }
        var ports = (host.GetSetting(WebHostDefaults.HttpPortsKey) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}")
            .Concat((host.GetSetting(WebHostDefaults.HttpsPortsKey) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"https://*:{port}"))
            .ToList();
        return ports.Count > 0 ? string.Join(';', ports) : "http://localhost:5000";
    }

    private static void ListenHttp(KestrelServerOptions kestrel, string url)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        Action<ListenOptions> https = uri.Scheme == Uri.UriSchemeHttps ? listen => listen.UseHttps() : _ => { };
        if (uri.IsLoopback && uri.Host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, https);
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, uri.Port, https);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, https);
        }
    }
}
