using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>
/// Each identity-provider token is a session of ours (its id derived from the issuer and the token's
/// <c>jti</c>, or the whole token without one), recorded in <c>sessions</c> the first time it is seen.
/// So signing out ends it like a local session: the provider's session is not ours to end, but that
/// token is refused from then on, on every instance, and the boards it opened are disconnected.
/// </summary>
public sealed class HospitalSessions(IMemoryCache cache, OidcOptions oidc, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO sessions (id, user_id, refresh_hash, previous_hash, created_at, last_used_at, expires_at)
        VALUES (@Id, @UserId, @NoRefresh, NULL, @Now, @Now, @ExpiresAt)
        """;

    public static Guid SessionOf(JsonWebToken token)
    {
        var identity = token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var jti) && jti.Length > 0 ? jti : token.EncodedToken;
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{token.Issuer}|{identity}")).AsSpan(0, 16));
    }

    /// <summary>The token's session, recorded once; whether it is still open is the user-state cache's to say.</summary>
    public async Task<Guid> EnsureAsync(DbSession session, Guid userId, JsonWebToken token, CancellationToken cancellationToken)
    {
        var id = SessionOf(token);
        var key = ("hospital-session", id);
        if (cache.TryGetValue(key, out _))
        {
            return id;
        }
        var now = clock.GetUtcNow();
        try
        {
            await session.ExecuteAsync(Insert, new
            {
                Id = id,
                UserId = userId,
                // No refresh token buys this session anything: the provider issues the next token.
                NoRefresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                Now = now,
                ExpiresAt = now + oidc.MaxTokenLifetime,
            }, cancellationToken);
        }
        catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // Seen before, by this instance before a restart or by another.
        }
        cache.Set(key, true, oidc.MaxTokenLifetime);
        return id;
    }
}
