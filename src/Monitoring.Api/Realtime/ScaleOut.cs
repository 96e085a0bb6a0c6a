using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Several instances behind one load balancer: one database, one signing key, and Redis carrying each
/// ward event from the instance that dispatches it to dashboards connected to any instance.
/// </summary>
public static class ScaleOut
{
    public const string RedisKey = "Monitoring:Redis";

    public static ISignalRServerBuilder AddMonitoringScaleOut(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        signalR.Services.AddSingleton<DispatchLease>();
        if (configuration[RedisKey] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("monitoring"));
            // Commits on any instance wake the dispatching one at once; without Redis there is one instance.
            signalR.Services.AddHostedService<OutboxWakeUp>();
            // Each instance queues every ward event for its own boards; the dispatching one relays them.
            signalR.Services.AddHostedService<WardEventRelay>();
        }
        return signalR;
    }
}
