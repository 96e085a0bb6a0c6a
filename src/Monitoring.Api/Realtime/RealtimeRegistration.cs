using System.Text.Json.Serialization;
using Monitoring.Api.Data;

namespace Monitoring.Api.Realtime;

public static class RealtimeRegistration
{
    /// <summary>The outbox, its dispatcher and the ward hub: how a committed change reaches every open board.</summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Outbox>();
        services.AddScoped<WardFeed>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<WardBoards>();
        services.AddHostedService<BoardSessionCheck>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<ElapsedTimers>();
        services.AddSingleton<AlertClock>();
        services.AddHostedService(provider => provider.GetRequiredService<AlertClock>());

        var signalR = services.AddSignalR(options =>
            {
                // A dashboard treats 15 s without a word from the service as a dead link (hub.js): ping every 5 s.
                // Ward tablets roam on Wi-Fi: the service allows a longer dropout before it drops a board.
                options.KeepAliveInterval = TimeSpan.FromSeconds(5);
                options.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
                options.HandshakeTimeout = TimeSpan.FromSeconds(15);
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(WireNames.Policy)));
        signalR.AddMonitoringScaleOut(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<WardHub>(WardHub.Path, options =>
        {
            // Stateful reconnect replays messages lost in a brief drop; the sequence catch-up covers everything else.
            options.AllowStatefulReconnects = true;
            // A dashboard whose sign-in has expired stops receiving patient data until it signs in again.
            options.CloseOnAuthenticationExpiration = true;
        });
        return app;
    }
}
