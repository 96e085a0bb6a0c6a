using Monitoring.Api.Hosting;
using StackExchange.Redis;

namespace Monitoring.Api.Realtime;

/// <summary>
/// With several instances, the one that holds the dispatch lease hears of every commit at once over
/// Redis, instead of finding another instance's events at its next poll: an alarm charted through any
/// instance is sent without waiting for the poll. The poll stays as the safety net.
/// </summary>
public sealed class OutboxWakeUp(SharedRedis redis, OutboxSignal signal, ILogger<OutboxWakeUp> logger) : IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("monitoring:outbox-committed");
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Redis down at start must not stop the ward: the poll still sends, and the subscription is retried.
        var subscriber = redis.Connection.GetSubscriber();
        _ = RedisSubscription.StartAsync(subscriber, Channel, _ => signal.WakeHere(), logger, _stopping.Token);
        signal.Broadcast = () =>
        {
            try
            {
                subscriber.Publish(Channel, RedisValue.EmptyString, CommandFlags.FireAndForget);
            }
            catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
            {
                logger.LogWarning(exception, "Could not tell other instances of a commit; their dispatcher polls");
            }
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        signal.Broadcast = null;
        return _stopping.CancelAsync();
    }

    public void Dispose() => _stopping.Dispose();
}
