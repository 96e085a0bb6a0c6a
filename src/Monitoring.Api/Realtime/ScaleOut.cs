using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Hosting;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Several instances behind one load balancer: one database, one signing key, and Redis carrying each
/// ward event from the instance that dispatches it to dashboards connected to any instance. Each board
/// is served by the instance it is connected to (<see cref="WardBoards"/>), so SignalR needs no backplane
/// of its own: with Redis away, boards still connect and hear every event their instance dispatches.
/// </summary>
public static class ScaleOut
{
    public static ISignalRServerBuilder AddMonitoringScaleOut(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        signalR.Services.AddSingleton<DispatchLease>();
        if (SharedRedis.IsConfigured(configuration))
        {
            // Commits on any instance wake the dispatching one at once; without Redis there is one instance.
            signalR.Services.AddHostedService<OutboxWakeUp>();
            // Each instance queues every ward event for its own boards; the dispatching one relays them.
            signalR.Services.AddHostedService<WardEventRelay>();
        }
        return signalR;
    }
}
