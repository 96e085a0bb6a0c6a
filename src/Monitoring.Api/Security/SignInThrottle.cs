using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

/// <summary>
/// Failed sign-ins: at most 5 per username in 15 minutes and 20 per client address in a minute (sliding
/// windows), after which attempts are refused until the window moves on, even with the right password.
/// Only failures count, so successful sign-ins never lock anyone out. A username's lock cannot be turned
/// against its owner: it does not apply on a device (client address) where that user signed in
/// successfully in the last 30 days, and such a sign-in clears the count. <c>Retry-After</c> is the real
/// time until the oldest counted failure leaves the window.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock) : IDisposable
{
    public const int FailuresPerUsername = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan UsernameWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KnownDeviceFor = TimeSpan.FromDays(30);
    private const int Segments = 15;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _byUsername = new();
    private readonly ConcurrentDictionary<(string Username, string Address), DateTimeOffset> _knownDevices = new();
    private readonly PartitionedRateLimiter<string> _byAddress = Failures(FailuresPerAddress, AddressWindow);

    // One attempt per username at a time: a burst of parallel guesses cannot all slip in before the count.
    private readonly PartitionedRateLimiter<string> _oneAtATime = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 64 }));

    /// <summary>Waits for the username's turn; dispose the lease when the attempt is decided.</summary>
    public async ValueTask<IDisposable> TurnAsync(string username, CancellationToken cancellationToken)
    {
        var lease = await _oneAtATime.AcquireAsync(Key(username), 1, cancellationToken);
        return lease.IsAcquired ? lease : throw new TooManyRequestsException("Too many sign-in attempts at once.", TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// How long the username or address must wait, or null when an attempt may be checked. Guesses made
    /// within a session (the current password, to change it) get no known-device exemption.
    /// </summary>
    public TimeSpan? LockedFor(string username, string address, bool exemptKnownDevice = true)
    {
        if (!(exemptKnownDevice && IsKnownDevice(username, address)) && UsernameWait(Key(username)) is { } wait)
        {
            return wait;
        }
        using var client = _byAddress.AttemptAcquire(address, 0);
        return client.IsAcquired ? null : AddressWindow / Segments;
    }

    /// <summary>Counts a failure against both; true when this one used up the last permit of either.</summary>
    public bool RecordFailure(string username, string address)
    {
        if (_byUsername.Count > 100_000)
        {
            // Guesses at many made-up usernames: forget those whose failures have all left the window.
            foreach (var key in _byUsername.Keys.Where(key => UsernameWait(key) is null))
            {
                _byUsername.TryRemove(key, out _);
            }
        }
        var failures = _byUsername.GetOrAdd(Key(username), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            failures.Enqueue(clock.GetUtcNow());
        }
        _byAddress.AttemptAcquire(address).Dispose();
        return LockedFor(username, address) is not null;
    }

    /// <summary>The user's own sign-in: this device is known from now on, and the username's count starts again.</summary>
    public void RecordSuccess(string username, string address)
    {
        _knownDevices[(Key(username), address)] = clock.GetUtcNow();
        Unlock(username);
    }

    /// <summary>An administrator's unlock, or the user's own sign-in.</summary>
    public void Unlock(string username) => _byUsername.TryRemove(Key(username), out _);

    private bool IsKnownDevice(string username, string address) =>
        _knownDevices.TryGetValue((Key(username), address), out var at) && clock.GetUtcNow() - at < KnownDeviceFor;

    private TimeSpan? UsernameWait(string key)
    {
        if (!_byUsername.TryGetValue(key, out var failures))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        lock (failures)
        {
            while (failures.Count > 0 && now - failures.Peek() >= UsernameWindow)
            {
                failures.Dequeue();
            }
            if (failures.Count < FailuresPerUsername)
            {
                return null;
            }
            // Unlocked when enough failures have left the window for one more attempt to be allowed.
            var unlocking = failures.ElementAt(failures.Count - FailuresPerUsername);
            return unlocking + UsernameWindow - now;
        }
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _oneAtATime.Dispose();
    }

    // Usernames compare case-insensitively in the user table, so "Admin" and "admin" share a count.
    private static string Key(string username) => username.Trim().ToUpperInvariant();

    private static PartitionedRateLimiter<string> Failures(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = Segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
