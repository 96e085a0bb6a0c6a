using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>Who a user is now, from the user table: a token says who signed in, not what they may still do.</summary>
public sealed record UserState(Guid Id, string Username, string Role, IReadOnlyList<string> Wards, bool Active);

/// <summary>
/// Role, wards and whether the user and the session are still active, read from the database and kept at
/// most 30 seconds; disabling, a password change or sign-out on this instance forgets them at once.
/// </summary>
public sealed class UserStateCache(IMemoryCache cache)
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromSeconds(30);

    private const string SelectUser = """
        SELECT u.id AS Id, u.username AS Username, u.role AS Role, u.disabled_at AS DisabledAt, s.ended_at AS SessionEndedAt,
               CASE WHEN s.id IS NULL THEN 0 ELSE 1 END AS SessionFound
        FROM users u
        LEFT JOIN sessions s ON s.id = @SessionId AND s.user_id = u.id
        WHERE u.id = @UserId
        """;
    private const string SelectWards = "SELECT ward_code FROM user_wards WHERE user_id = @UserId ORDER BY ward_code";

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _changes = new();

    /// <summary>The user's current state for a session, or null for a user who no longer exists.</summary>
    public async Task<UserState?> GetAsync(DbSession session, Guid userId, Guid? sessionId, CancellationToken cancellationToken)
    {
        var key = (userId, sessionId);
        if (cache.TryGetValue(key, out UserState? cached))
        {
            return cached;
        }
        var state = await ReadAsync(session, userId, sessionId, cancellationToken);
        var change = _changes.GetOrAdd(userId, _ => new CancellationTokenSource());
        using var entry = cache.CreateEntry(key);
        entry.Value = state;
        entry.AbsoluteExpirationRelativeToNow = MaximumAge;
        entry.AddExpirationToken(new CancellationChangeToken(change.Token));
        return state;
    }

    /// <summary>Straight from the database, for decisions that must not use a cached answer (refresh).</summary>
    public static async Task<UserState?> ReadAsync(DbSession session, Guid userId, Guid? sessionId, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>(SelectUser, new { UserId = userId, SessionId = sessionId }, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var wards = await session.QueryAsync<string>(SelectWards, new { UserId = userId }, cancellationToken);
        var active = row.DisabledAt is null && (sessionId is null || (row.SessionFound == 1 && row.SessionEndedAt is null));
        return new UserState(row.Id, row.Username, row.Role, wards, active);
    }

    /// <summary>Raised when a user's rights or sessions change on this instance (disabled, password, sign-out).</summary>
    public event Action<Guid>? Changed;

    public void Forget(Guid userId)
    {
        Changed?.Invoke(userId);
        if (_changes.TryRemove(userId, out var change))
        {
            // Not disposed: a reader that fetched it a moment ago may still register on its token.
            change.Cancel();
        }
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public DateTimeOffset? DisabledAt { get; init; }
        public DateTimeOffset? SessionEndedAt { get; init; }
        public long SessionFound { get; init; }
    }
}
