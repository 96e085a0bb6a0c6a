using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Auth;

public static class RefreshSession
{
    public sealed record Command(string? RefreshToken) : ICommand<IssueToken.Response>;

    public sealed class Handler(Sessions sessions, RefusalAudit audit, CurrentUser caller) : ICommandHandler<Command, IssueToken.Response>
    {
        public async ValueTask<IssueToken.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            try
            {
                return IssueToken.Response.From(await sessions.RefreshAsync(command.RefreshToken, cancellationToken));
            }
            catch (UnauthorizedException)
            {
                await audit.RecordAsync(new AuditEntry("session.refresh-refused", AuditOutcomes.Refused, ClientAddress: caller.ClientAddress), cancellationToken);
                throw;
            }
        }
    }
}

public static class SignOut
{
    public sealed record Command : ICommand<Unit>;

    public sealed class Handler(Sessions sessions, CurrentUser user, RefusalAudit audit) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            if (user.SessionId is { } sessionId)
            {
                await sessions.EndAsync(user.Id, sessionId, "signed-out", cancellationToken);
            }
            await audit.RecordAsync(new AuditEntry("session.signed-out", AuditOutcomes.Allowed, user.Id, user.Username, user.Role, ClientAddress: user.ClientAddress), cancellationToken);
            return Unit.Value;
        }
    }
}
