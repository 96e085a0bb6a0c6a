using System.Threading.RateLimiting;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

/// <summary>
/// Failed sign-ins, counted with the rate limiters ASP.NET Core's rate-limiting middleware is built on:
/// at most 5 per username in 15 minutes and 20 per client address in a minute (sliding windows), after
/// which every attempt is refused until the window moves on, even with the right password.
/// Only failures take a permit, so successful sign-ins never lock anyone out; that is why the limiters
/// are driven from the sign-in handler rather than from the middleware, which counts every request.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int FailuresPerUsername = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan UsernameWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);
    private const int Segments = 15;

    private readonly PartitionedRateLimiter<string> _byUsername = Failures(FailuresPerUsername, UsernameWindow);
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

    /// <summary>How long the username or address must wait, or null when an attempt may be checked.</summary>
    public TimeSpan? LockedFor(string username, string address)
    {
        using var user = _byUsername.AttemptAcquire(Key(username), 0);
        if (!user.IsAcquired)
        {
            return UsernameWindow / Segments;
        }
        using var client = _byAddress.AttemptAcquire(address, 0);
        return client.IsAcquired ? null : AddressWindow / Segments;
    }

    /// <summary>Counts a failure against both; true when this one used up the last permit of either.</summary>
    public bool RecordFailure(string username, string address)
    {
        _byUsername.AttemptAcquire(Key(username)).Dispose();
        _byAddress.AttemptAcquire(address).Dispose();
        return LockedFor(username, address) is not null;
    }

    public void Dispose()
    {
        _byUsername.Dispose();
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
