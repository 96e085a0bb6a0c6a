using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Api.Security;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

public sealed class TokenIssuer(SigningKey signingKey, TimeProvider clock)
{
    public const string Issuer = "monitoring";
    public const string Audience = "monitoring";
    public const string WardClaim = "ward";
    public const string RoleClaim = "role";
    public const string SessionClaim = "sid";

    // Short-lived: a stolen token is worth little, and a refresh re-reads role and wards.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public AccessToken Issue(Guid userId, string username, string role, IEnumerable<string> wards, Guid sessionId)
    {
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, userId.ToString()),
            new(JwtRegisteredClaimNames.Name, username),
            new(RoleClaim, role),
            new(SessionClaim, sessionId.ToString()),
        };
        claims.AddRange(wards.Select(ward => new Claim(WardClaim, ward)));

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires);
    }
}
