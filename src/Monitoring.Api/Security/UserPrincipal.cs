using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>The principal a request runs as: identity from the token, role and wards from the user table.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal From(UserState user, Guid? sessionId, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new(JwtRegisteredClaimNames.Name, user.Username),
            new(TokenIssuer.RoleClaim, user.Role),
        };
        if (sessionId is { } id)
        {
            claims.Add(new Claim(TokenIssuer.SessionClaim, id.ToString()));
        }
        claims.AddRange(user.Wards.Select(ward => new Claim(TokenIssuer.WardClaim, ward)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, JwtRegisteredClaimNames.Name, TokenIssuer.RoleClaim));
    }

    /// <summary>
    /// A valid signature is not enough: the session must still be open and the user enabled, and what
    /// the user may do is what the user table says now (a token minted before a change of role or wards
    /// does not carry the old rights).
    /// </summary>
    public static async Task ReplaceFromUserTableAsync(TokenValidatedContext context)
    {
        var token = context.Principal!;
        if (!Guid.TryParse(token.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
            || !Guid.TryParse(token.FindFirstValue(TokenIssuer.SessionClaim), out var sessionId))
        {
            context.Fail("The token has no session.");
            return;
        }
        var services = context.HttpContext.RequestServices;
        var user = await services.GetRequiredService<UserStateCache>()
            .GetAsync(services.GetRequiredService<DbSession>(), userId, sessionId, context.HttpContext.RequestAborted);
        if (user is not { Active: true })
        {
            context.Fail("The session has ended.");
            return;
        }
        context.Principal = From(user, sessionId, JwtBearerDefaults.AuthenticationScheme);
    }
}
