using StackExchange.Redis;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Subscribes to a Redis channel without holding up the start: Redis away when the service starts must
/// not keep the ward's boards and alarms down. Until it answers, this instance serves its own boards and
/// its dispatcher polls; the subscription is retried every few seconds and said once in the log.
/// </summary>
public static class RedisSubscription
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    public static Task StartAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisValue> receive, ILogger logger, CancellationToken stopping) =>
        Task.Run(async () =>
        {
            var warned = false;
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    // A queue, not a handler: messages are handled one at a time in the order published.
                    var queue = await subscriber.SubscribeAsync(channel);
                    queue.OnMessage(message => receive(message.Message));
                    if (warned)
                    {
                        logger.LogWarning("Redis answers again: subscribed to {Channel}", channel.ToString());
                    }
                    return;
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    if (!warned)
                    {
                        logger.LogWarning("Redis cannot be reached ({Reason}): this instance serves its own boards until it can", exception.GetType().Name);
                        warned = true;
                    }
                }
                try
                {
                    await Task.Delay(Retry, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
}
