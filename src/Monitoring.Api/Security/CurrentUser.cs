using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

/// <summary>Who is asking, from the validated token, and which wards they may see.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal =>
        accessor.HttpContext?.User ?? throw new InvalidOperationException("No request in progress.");

    public Guid Id => Guid.Parse(Principal.FindFirstValue(JwtRegisteredClaimNames.Sub)
        ?? throw new InvalidOperationException("The token has no subject."));

    public string Username => Principal.FindFirstValue(JwtRegisteredClaimNames.Name) ?? "";

    public string Role => Principal.FindFirstValue(TokenIssuer.RoleClaim) ?? "";

    public IReadOnlyList<string> Wards => [.. Principal.FindAll(TokenIssuer.WardClaim).Select(claim => claim.Value)];

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool CanSeeWard(string ward) => Roles.SeesAllWards(Role) || Wards.Contains(ward, StringComparer.Ordinal);

    public void EnsureCanSeeWard(string ward)
    {
        if (!CanSeeWard(ward))
        {
            throw new ForbiddenException($"You are not assigned to ward {ward}.");
        }
    }
}
