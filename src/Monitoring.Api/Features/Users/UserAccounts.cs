using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Users;

/// <summary>An admin disables an account: it can no longer sign in, and its open sessions end at once.</summary>
public static class DisableUser
{
    public sealed record Command(Guid UserId) : IWriteCommand<Unit>
    {
        public string? IdempotencyKey { get; init; }
    }

    private const string Disable = "UPDATE users SET disabled_at = @Now WHERE id = @Id AND disabled_at IS NULL";
    private const string Exists = "SELECT COUNT(*) FROM users WHERE id = @Id";

    public sealed class Handler(DbSession session, Sessions sessions, CurrentUser user, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            if (command.UserId == user.Id)
            {
                throw new ConflictException("You cannot disable your own account; ask another admin.");
            }
            if (await session.ExecuteScalarAsync<long>(Exists, new { Id = command.UserId }, cancellationToken) == 0)
            {
                throw new NotFoundException($"User {command.UserId} does not exist.");
            }
            await session.ExecuteAsync(Disable, new { Id = command.UserId, Now = clock.GetUtcNow() }, cancellationToken);
            await sessions.EndAllAsync(command.UserId, "user-disabled", cancellationToken);
            await audit.RecordAsync("user.disabled", null, $"user/{command.UserId}", cancellationToken);
            return Unit.Value;
        }
    }
}

/// <summary>A user changes their own password; every session of theirs ends, this one included.</summary>
public static class ChangePassword
{
    public sealed record Command(string? CurrentPassword, string? NewPassword) : IWriteCommand<Unit>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(CurrentUser user)
        {
            RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
            RuleFor(c => c.NewPassword).Custom((password, context) =>
            {
                if (Passwords.Problem(user.Username, password) is { } problem)
                {
                    context.AddFailure(problem);
                }
            });
        }
    }

    private const string FindHash = "SELECT password_hash FROM users WHERE id = @Id";
    private const string Update = "UPDATE users SET password_hash = @Hash WHERE id = @Id";

    public sealed class Handler(DbSession session, Sessions sessions, CurrentUser user, AuditTrail audit, IHttpContextAccessor http, SignInThrottle throttle) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var address = user.ClientAddress ?? "unknown";
            if (await throttle.LockedForAsync(user.Username, address, exemptKnownDevice: false) is { } wait)
            {
                throw new TooManyRequestsException("Too many failed attempts: wait before trying again.", wait);
            }
            var hash = await session.QuerySingleOrDefaultAsync<string>(FindHash, new { Id = user.Id }, cancellationToken)
                ?? throw new UnauthorizedException("The session has ended: sign in again.");
            // A stolen session must not be enough to take the account: the current password is asked for, and guesses count.
            if (!Passwords.Verify(hash, command.CurrentPassword!))
            {
                await throttle.RecordFailureAsync(user.Username, address);
                // Recorded once the request ends, in a transaction of its own: this one rolls back.
                RefusalAudit.Note(http.HttpContext, "user.password-change-refused", null, $"user/{user.Id}");
                throw RequestValidationException.For("currentPassword", "The current password is not correct.");
            }
            if (Passwords.Verify(hash, command.NewPassword!))
            {
                throw RequestValidationException.For("newPassword", "Choose a password different from the current one.");
            }
            await session.ExecuteAsync(Update, new { Id = user.Id, Hash = Passwords.Hash(command.NewPassword!) }, cancellationToken);
            await sessions.EndAllAsync(user.Id, "password-changed", cancellationToken);
            await audit.RecordAsync("user.password-changed", null, $"user/{user.Id}", cancellationToken);
            return Unit.Value;
        }
    }
}
