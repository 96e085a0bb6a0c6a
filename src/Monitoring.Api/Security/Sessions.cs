using System.Security.Cryptography;
using System.Text;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

public sealed record SignedIn(AccessToken Access, string RefreshToken, DateTimeOffset SessionExpiresAt, UserState User);

/// <summary>
/// Sign-in sessions: short access tokens carry the session id, and a refresh token (sent once, stored
/// only as a hash) buys the next one. Each refresh token works once; presenting a used one again means
/// it was copied, and ends the session. A session ends after 30 minutes without a refresh, 12 hours
/// after sign-in, at sign-out, and when its user is disabled or changes password.
/// </summary>
public sealed class Sessions(DbSession session, TokenIssuer issuer, UserStateCache users, TimeProvider clock)
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLimit = TimeSpan.FromHours(12);

    private const string Insert = """
        INSERT INTO sessions (id, user_id, refresh_hash, previous_hash, created_at, last_used_at, expires_at)
        VALUES (@Id, @UserId, @RefreshHash, NULL, @Now, @Now, @ExpiresAt)
        """;
    private const string Find = """
        SELECT id AS Id, user_id AS UserId, refresh_hash AS RefreshHash, previous_hash AS PreviousHash,
               last_used_at AS LastUsedAt, expires_at AS ExpiresAt, ended_at AS EndedAt
        FROM sessions
        WHERE id = @Id
        """;
    private const string Rotate = """
        UPDATE sessions SET refresh_hash = @NewHash, previous_hash = @OldHash, last_used_at = @Now
        WHERE id = @Id AND refresh_hash = @OldHash AND ended_at IS NULL
        """;
    private const string End = "UPDATE sessions SET ended_at = @Now, end_reason = @Reason WHERE id = @Id AND ended_at IS NULL";
    private const string EndAll = "UPDATE sessions SET ended_at = @Now, end_reason = @Reason WHERE user_id = @UserId AND ended_at IS NULL";

    public async Task<SignedIn> StartAsync(UserState user, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var secret = NewSecret();
        var now = clock.GetUtcNow();
        var expiresAt = now + AbsoluteLimit;
        await session.ExecuteAsync(Insert, new { Id = id, UserId = user.Id, RefreshHash = Hash(secret), Now = now, ExpiresAt = expiresAt }, cancellationToken);
        return new SignedIn(issuer.Issue(user.Id, user.Username, user.Role, user.Wards, id), $"{id:N}.{secret}", expiresAt, user);
    }

    /// <summary>Trades a refresh token for a new access token and a new refresh token, or says why not.</summary>
    public async Task<SignedIn> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        var refused = new UnauthorizedException("The session has ended: sign in again.");
        var parts = (refreshToken ?? "").Split('.');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id))
        {
            throw refused;
        }
        var row = await session.QuerySingleOrDefaultAsync<Row>(Find, new { Id = id }, cancellationToken);
        if (row is null || row.EndedAt is not null)
        {
            throw refused;
        }
        var presented = Hash(parts[1]);
        var now = clock.GetUtcNow();
        var ending = Matches(presented, row.PreviousHash) ? "refresh-token-reused"
            : !Matches(presented, row.RefreshHash) ? null
            : now - row.LastUsedAt > IdleLimit ? "idle"
            : now >= row.ExpiresAt ? "absolute-limit"
            : "";
        if (ending is null)
        {
            throw refused;
        }
        var user = await UserStateCache.ReadAsync(session, row.UserId, id, cancellationToken);
        if (ending.Length > 0 || user is not { Active: true })
        {
            await EndAsync(row.UserId, id, ending.Length > 0 ? ending : "user-disabled", cancellationToken);
            throw refused;
        }

        var secret = NewSecret();
        var rotated = await session.ExecuteAsync(Rotate, new { Id = id, NewHash = Hash(secret), OldHash = presented, Now = now }, cancellationToken);
        if (rotated != 1)
        {
            throw refused; // another refresh with the same token won the race
        }
        return new SignedIn(issuer.Issue(user.Id, user.Username, user.Role, user.Wards, id), $"{id:N}.{secret}", row.ExpiresAt, user);
    }

    public async Task EndAsync(Guid userId, Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(End, new { Id = sessionId, Now = clock.GetUtcNow(), Reason = reason }, cancellationToken);
        users.Forget(userId);
    }

    public async Task EndAllAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(EndAll, new { UserId = userId, Now = clock.GetUtcNow(), Reason = reason }, cancellationToken);
        session.AfterCommit(() => users.Forget(userId));
        users.Forget(userId);
    }

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool Matches(string presented, string? stored) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(stored));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Row
    {
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public string RefreshHash { get; init; } = "";
        public string? PreviousHash { get; init; }
        public DateTimeOffset LastUsedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
    }
}
