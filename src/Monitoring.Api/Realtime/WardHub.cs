using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Live ward events for dashboards. A client joins only the wards its user may see, and gets either
/// a snapshot (first join) or every event after the sequence it last saw (reconnect or gap).
/// </summary>
[Authorize(Policy = Policies.AnyRole)]
public sealed class WardHub(WardFeed feed, WardBoards boards, CurrentUser user, RefusalAudit refusals, UserStateCache users, DbSession session, TimeProvider clock) : Hub<IWardClient>
{
    public const string Path = "/hubs/ward";

    public override Task OnConnectedAsync()
    {
        boards.Connect(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        boards.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<JoinResult> JoinWard(string ward, long? sinceSequence)
    {
        var clientAddress = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();
        // The connection's principal is from when it opened: who may join what is what the user table says now.
        var sessionId = Guid.TryParse(Context.User?.FindFirst(TokenIssuer.SessionClaim)?.Value, out var sid) ? sid : (Guid?)null;
        var userId = Guid.TryParse(Context.User?.FindFirst(Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames.Sub)?.Value, out var uid) ? uid : Guid.Empty;
        if (await users.GetAsync(session, userId, sessionId, Context.ConnectionAborted) is not { Active: true } now)
        {
            await refusals.RecordAsync(new AuditEntry("refused.join-ward", AuditOutcomes.Refused, userId, Context.User?.Identity?.Name, Resource: $"ward/{ward}", ClientAddress: clientAddress), Context.ConnectionAborted);
            boards.End(Context.ConnectionId);
            throw new HubException("Your session has ended: sign in again.");
        }
        // A local session's rights are the user table's; a hospital account's come from its identity provider's token.
        var hospital = Context.User!.Identity!.AuthenticationType == OidcSetup.Scheme;
        user.Use(hospital ? Context.User : UserPrincipal.From(now, sessionId, Context.User.Identity.AuthenticationType!), clientAddress);
        if (sinceSequence < 0)
        {
            throw new HubException("sinceSequence is the last sequence number this client received: 0 or more, or null for a snapshot.");
        }
        if (!user.CanSeeWard(ward))
        {
            await refusals.RecordAsync(new AuditEntry("refused.join-ward", AuditOutcomes.Refused, user.Id, user.Username, user.Role, Resource: $"ward/{ward}", ClientAddress: clientAddress), Context.ConnectionAborted);
            throw new HubException($"You are not assigned to ward {ward}.");
        }
        if (!await feed.ExistsAsync(ward, Context.ConnectionAborted))
        {
            throw new HubException($"Ward {ward} does not exist.");
        }
        // Join before reading: an event committed meanwhile arrives live or in the answer, never in neither.
        boards.Join(Context.ConnectionId, ward);
        return await feed.JoinAsync(ward, sinceSequence, Context.ConnectionAborted);
    }

    /// <summary>
    /// The service's time, asked by each dashboard every few seconds: a screen says it is live only from
    /// answers like this one, never from its own clock, so a link that has gone silent shows within seconds.
    /// </summary>
    public DateTimeOffset Heartbeat() => clock.GetUtcNow();

    public Task LeaveWard(string ward)
    {
        boards.Leave(Context.ConnectionId, ward);
        return Task.CompletedTask;
    }
}
