using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Hosting;
using StackExchange.Redis;

namespace Monitoring.Api.Realtime;

/// <summary>
/// With several instances, the dispatching one hands every ward event to the others over Redis, and each
/// queues it for its own boards (<see cref="WardBoards"/>): no instance waits for another's dashboards.
/// Messages are handled one at a time, in the order published, so each board still sees its ward in sequence.
/// </summary>
public sealed class WardEventRelay(SharedRedis redis, WardBoards boards, IOptions<JsonOptions> json, ILogger<WardEventRelay> logger)
    : IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("monitoring:ward-events");

    // Each instance already queued its own events when it published them.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.Connection.GetSubscriber();
        _ = RedisSubscription.StartAsync(subscriber, Channel, Receive, logger, _stopping.Token);
        boards.Relay = payload =>
        {
            try
            {
                subscriber.Publish(Channel, $"{_instance}\n{payload}", CommandFlags.FireAndForget);
            }
            catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
            {
                // Boards on other instances then see a gap at their next event, or catch up when they rejoin.
                logger.LogWarning("Could not relay a ward event to other instances ({Error})", exception.GetType().Name);
            }
        };
        return Task.CompletedTask;
    }

    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        var split = text?.IndexOf('\n') ?? -1;
        if (split < 0 || text!.AsSpan(0, split).SequenceEqual(_instance))
        {
            return;
        }
        boards.Publish(JsonSerializer.Deserialize<WardEvent>(text.AsSpan(split + 1), json.Value.SerializerOptions)!);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        boards.Relay = null;
        return _stopping.CancelAsync();
    }

    public void Dispose() => _stopping.Dispose();
}
