using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Audit;
using Monitoring.Api.Security;

namespace Monitoring.Api.Realtime;

/// <summary>
/// Live ward events for dashboards. A client joins only the wards its user may see, and gets either
/// a snapshot (first join) or every event after the sequence it last saw (reconnect or gap).
/// </summary>
[Authorize(Policy = Policies.AnyRole)]
public sealed class WardHub(WardFeed feed, WardBoards boards, CurrentUser user, RefusalAudit refusals) : Hub<IWardClient>
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
        user.Use(Context.User!, clientAddress);
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

    public Task LeaveWard(string ward)
    {
        boards.Leave(Context.ConnectionId, ward);
        return Task.CompletedTask;
    }
}
