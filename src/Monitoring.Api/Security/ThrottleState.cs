using System.Collections.Concurrent;
using Monitoring.Api.Hosting;
using StackExchange.Redis;

namespace Monitoring.Api.Security;

/// <summary>
/// The times of counted events under a key (failed sign-ins of a username or an address, a user's
/// sign-ins from a device), kept for a window. Shared through Redis when <c>Monitoring:Redis</c> is set,
/// so that spreading guesses over several instances gains nothing.
/// </summary>
public interface IThrottleState
{
    ValueTask AddAsync(string key, DateTimeOffset at, TimeSpan keep);

    /// <summary>The times at or after <paramref name="since"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<DateTimeOffset>> ReadAsync(string key, DateTimeOffset since);

    ValueTask ClearAsync(string key);
}

/// <summary>One instance's memory: enough for a single instance.</summary>
public sealed class MemoryThrottleState(TimeProvider clock) : IThrottleState
{
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private sealed record Entry(List<DateTimeOffset> Times)
    {
        public DateTimeOffset KeepUntil { get; set; }
    }

    public ValueTask AddAsync(string key, DateTimeOffset at, TimeSpan keep)
    {
        if (_entries.Count > PruneAbove)
        {
            // Guesses at many made-up usernames: forget what has left every window.
            var now = clock.GetUtcNow();
            foreach (var (stale, _) in _entries.Where(pair => pair.Value.KeepUntil < now))
            {
                _entries.TryRemove(stale, out _);
            }
        }
        var entry = _entries.GetOrAdd(key, _ => new Entry([]));
        lock (entry)
        {
            entry.Times.Add(at);
            entry.KeepUntil = at + keep > entry.KeepUntil ? at + keep : entry.KeepUntil;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DateTimeOffset>> ReadAsync(string key, DateTimeOffset since)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return ValueTask.FromResult<IReadOnlyList<DateTimeOffset>>([]);
        }
        lock (entry)
        {
            entry.Times.RemoveAll(at => at < since);
            return ValueTask.FromResult<IReadOnlyList<DateTimeOffset>>([.. entry.Times.Order()]);
        }
    }

    public ValueTask ClearAsync(string key)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Sorted sets in Redis (score: the time in milliseconds), each expiring with its window. When Redis
/// cannot be reached, sign-in must still work at 3 a.m.: this instance counts in its own memory until
/// Redis answers again, and says so once in the log.
/// </summary>
public sealed class RedisThrottleState(SharedRedis redis, MemoryThrottleState fallback, ILogger<RedisThrottleState> logger) : IThrottleState
{
    private const string Prefix = "monitoring:throttle:";
    private int _failing;

    public async ValueTask AddAsync(string key, DateTimeOffset at, TimeSpan keep)
    {
        await fallback.AddAsync(key, at, keep);
        await SafelyAsync(async db =>
        {
            var redisKey = (RedisKey)(Prefix + key);
            await db.SortedSetAddAsync(redisKey, Guid.NewGuid().ToString("N"), at.ToUnixTimeMilliseconds());
            await db.KeyExpireAsync(redisKey, keep);
            return true;
        }, false);
    }

    public async ValueTask<IReadOnlyList<DateTimeOffset>> ReadAsync(string key, DateTimeOffset since)
    {
        // Read even while Redis answers: reading is what trims this instance's copy, which every add grows.
        var local = await fallback.ReadAsync(key, since);
        return await SafelyAsync<IReadOnlyList<DateTimeOffset>>(async db =>
        {
            var redisKey = (RedisKey)(Prefix + key);
            await db.SortedSetRemoveRangeByScoreAsync(redisKey, double.NegativeInfinity, since.ToUnixTimeMilliseconds(), Exclude.Stop);
            var scores = await db.SortedSetRangeByScoreWithScoresAsync(redisKey, since.ToUnixTimeMilliseconds());
            return [.. scores.Select(entry => DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score)).Order()];
        }, local);
    }

    public async ValueTask ClearAsync(string key)
    {
        await fallback.ClearAsync(key);
        await SafelyAsync(async db => await db.KeyDeleteAsync(Prefix + key), false);
    }

    private async Task<T> SafelyAsync<T>(Func<IDatabase, Task<T>> action, T otherwise)
    {
        try
        {
            var result = await action(redis.Connection.GetDatabase());
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                logger.LogWarning("Sign-in throttle state is shared through Redis again");
            }
            return result;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                logger.LogWarning("Redis cannot be reached ({Reason}): sign-in failures are counted by this instance alone until it can", exception.GetType().Name);
            }
            return otherwise;
        }
    }
}
