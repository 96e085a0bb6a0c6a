using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Users;

/// <summary>An admin clears a username's failed sign-ins: a lock someone caused by guessing no longer keeps its owner out.</summary>
public static class UnlockUser
{
    public sealed record Command(Guid UserId) : IWriteCommand<Unit>
    {
        public string? IdempotencyKey { get; init; }
    }

    private const string Username = "SELECT username FROM users WHERE id = @Id";

    public sealed class Handler(DbSession session, SignInThrottle throttle, AuditTrail audit) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var username = (await session.QueryAsync<string>(Username, new { Id = command.UserId }, cancellationToken)).FirstOrDefault()
                ?? throw new NotFoundException($"User {command.UserId} does not exist.");
            await throttle.UnlockAsync(username);
            await audit.RecordAsync("user.unlocked", null, $"user/{command.UserId}", cancellationToken);
            return Unit.Value;
        }
    }
}
