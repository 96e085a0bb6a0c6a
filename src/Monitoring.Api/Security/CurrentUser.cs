using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Audit;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Security;

/// <summary>Who is asking, from the validated token, and which wards they may see.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? _principal;
    private string? _clientAddress;

    private ClaimsPrincipal Principal =>
        _principal ?? accessor.HttpContext?.User ?? throw new InvalidOperationException("No request in progress.");

    /// <summary>For hub invocations, whose caller comes from the connection rather than an HTTP request.</summary>
    public void Use(ClaimsPrincipal principal, string? clientAddress)
    {
        _principal = principal;
        _clientAddress = clientAddress;
    }

    public Guid Id => Guid.Parse(Principal.FindFirstValue(JwtRegisteredClaimNames.Sub)
        ?? throw new InvalidOperationException("The token has no subject."));

    public string Username => Principal.FindFirstValue(JwtRegisteredClaimNames.Name) ?? "";

    public string Role => Principal.FindFirstValue(TokenIssuer.RoleClaim) ?? "";

    public Guid? SessionId => Guid.TryParse(Principal.FindFirstValue(TokenIssuer.SessionClaim), out var id) ? id : null;

    public IReadOnlyList<string> Wards => [.. Principal.FindAll(TokenIssuer.WardClaim).Select(claim => claim.Value)];

    public string? ClientAddress => _clientAddress ?? accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool CanSeeWard(string ward) => Roles.SeesAllWards(Role) || Wards.Contains(ward, StringComparer.Ordinal);

    /// <summary>
    /// For a thing on a ward the caller cannot see: answer exactly as if it did not exist, so that ids
    /// reveal nothing about other wards, and audit the refusal once the request ends.
    /// </summary>
    public void EnsureCanSeeWardOrNotFound(string ward, string notFoundMessage, Guid? admissionId, string resource)
    {
        if (!CanSeeWard(ward))
        {
            RefusalAudit.Note(accessor.HttpContext, "refused.other-ward", admissionId, resource);
            throw new NotFoundException(notFoundMessage);
        }
    }

    public void EnsureCanSeeWard(string ward)
    {
        if (!CanSeeWard(ward))
        {
            throw new ForbiddenException($"You are not assigned to ward {ward}.");
        }
    }
}
