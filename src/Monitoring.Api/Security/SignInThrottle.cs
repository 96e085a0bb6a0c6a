using System.Threading.RateLimiting;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

/// <summary>
/// Failed sign-ins: at most 5 per username in 15 minutes and 20 per client address in a minute (sliding
/// windows), after which attempts are refused until the window moves on, even with the right password.
/// Only failures count, so successful sign-ins never lock anyone out. A username's lock cannot be turned
/// against its owner: it does not apply on a device (client address) where that user signed in
/// successfully in the last 30 days, and such a sign-in clears the count. <c>Retry-After</c> is the real
/// time until the oldest counted failure leaves the window. The counts live in <see cref="IThrottleState"/>,
/// shared by every instance when Redis is configured.
/// </summary>
public sealed class SignInThrottle(IThrottleState state, TimeProvider clock) : IDisposable
{
    public const int FailuresPerUsername = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan UsernameWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KnownDeviceFor = TimeSpan.FromDays(30);

    // One attempt per username at a time: a burst of parallel guesses cannot all slip in before the count.
    private readonly PartitionedRateLimiter<string> _oneAtATime = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 64 }));

    /// <summary>Waits for the username's turn; dispose the lease when the attempt is decided.</summary>
    public async ValueTask<IDisposable> TurnAsync(string username, CancellationToken cancellationToken)
    {
        var lease = await _oneAtATime.AcquireAsync(UserKey(username), 1, cancellationToken);
        return lease.IsAcquired ? lease : throw new TooManyRequestsException("Too many sign-in attempts at once.", TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// How long the username or address must wait, or null when an attempt may be checked. Guesses made
    /// within a session (the current password, to change it) get no known-device exemption.
    /// </summary>
    public async ValueTask<TimeSpan?> LockedForAsync(string username, string address, bool exemptKnownDevice = true)
    {
        if (!(exemptKnownDevice && await IsKnownDeviceAsync(username, address))
            && await WaitAsync(UserKey(username), FailuresPerUsername, UsernameWindow) is { } wait)
        {
            return wait;
        }
        return await WaitAsync(AddressKey(address), FailuresPerAddress, AddressWindow);
    }

    /// <summary>Counts a failure against both; true when this one used up the last permit of either.</summary>
    public async ValueTask<bool> RecordFailureAsync(string username, string address)
    {
        var now = clock.GetUtcNow();
        await state.AddAsync(UserKey(username), now, UsernameWindow);
        await state.AddAsync(AddressKey(address), now, AddressWindow);
        return await LockedForAsync(username, address) is not null;
    }

    /// <summary>The user's own sign-in: this device is known from now on, and the username's count starts again.</summary>
    public async ValueTask RecordSuccessAsync(string username, string address)
    {
        var device = DeviceKey(username, address);
        await state.ClearAsync(device);
        await state.AddAsync(device, clock.GetUtcNow(), KnownDeviceFor);
        await UnlockAsync(username);
    }

    /// <summary>An administrator's unlock, or the user's own sign-in.</summary>
    public ValueTask UnlockAsync(string username) => state.ClearAsync(UserKey(username));

    private async ValueTask<bool> IsKnownDeviceAsync(string username, string address) =>
        (await state.ReadAsync(DeviceKey(username, address), clock.GetUtcNow() - KnownDeviceFor)).Count > 0;

    // Unlocked when enough failures have left the window for one more attempt to be allowed.
    private async ValueTask<TimeSpan?> WaitAsync(string key, int permits, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        var failures = await state.ReadAsync(key, now - window);
        if (failures.Count < permits)
        {
            return null;
        }
        var wait = failures[^permits] + window - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _oneAtATime.Dispose();

    // Usernames compare case-insensitively in the user table, so "Admin" and "admin" share a count.
    private static string UserKey(string username) => $"user:{username.Trim().ToUpperInvariant()}";

    private static string AddressKey(string address) => $"address:{address}";

    private static string DeviceKey(string username, string address) => $"device:{username.Trim().ToUpperInvariant()}:{address}";
}
