using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Auth;

public static class IssueToken
{
    public sealed record Command(string? Username, string? Password) : ICommand<Response>;

    public sealed record Response(
        string AccessToken,
        DateTimeOffset ExpiresAt,
        string RefreshToken,
        DateTimeOffset SessionExpiresAt,
        string Role,
        string Username,
        IReadOnlyList<string> Wards)
    {
        public static Response From(SignedIn signedIn) => new(
            signedIn.Access.Value, signedIn.Access.ExpiresAt, signedIn.RefreshToken, signedIn.SessionExpiresAt,
            signedIn.User.Role, signedIn.User.Username, signedIn.User.Wards);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            // One line: a line break in a username would forge lines where the audit trail is read as text.
            RuleFor(c => c.Username).NotEmpty().WithMessage("Enter your username.").MaximumLength(200).SingleLine();
            RuleFor(c => c.Password).NotEmpty().WithMessage("Enter your password.");
        }
    }

    private const string FindUser = """
        SELECT id AS Id, username AS Username, password_hash AS PasswordHash, role AS Role, disabled_at AS DisabledAt
        FROM users
        WHERE username = @Username
        """;

    public sealed class Handler(DbSession session, Sessions sessions, SignInThrottle throttle, RefusalAudit audit, CurrentUser caller)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var username = command.Username!;
            var address = caller.ClientAddress ?? "unknown";
            using var turn = await throttle.TurnAsync(username, cancellationToken);
            if (await throttle.LockedForAsync(username, address) is { } wait)
            {
                await audit.RecordAsync(Entry("sign-in.locked-out", AuditOutcomes.LockedOut, null, username, address), cancellationToken);
                throw new TooManyRequestsException("Too many failed sign-ins: wait before trying again.", wait);
            }

            var account = await session.QuerySingleOrDefaultAsync<Account>(FindUser, new { Username = username }, cancellationToken);
            // An unknown username costs one password verification too, so timing does not tell which usernames exist.
            var verified = account is null ? Passwords.VerifyNobody(command.Password!) : Passwords.Verify(account.PasswordHash, command.Password!);
            // A disabled account answers like a wrong password: its state is nobody else's business.
            verified &= account is { DisabledAt: null };
            if (!verified)
            {
                var lockedNow = await throttle.RecordFailureAsync(username, address);
                await audit.RecordAsync(Entry("sign-in.failed", AuditOutcomes.FailedSignIn, account, username, address), cancellationToken);
                if (lockedNow)
                {
                    await audit.RecordAsync(Entry("sign-in.locked-out", AuditOutcomes.LockedOut, account, username, address), cancellationToken);
                }
                throw new UnauthorizedException("The username or password is not correct.");
            }
            var user = await UserStateCache.ReadAsync(session, account!.Id, null, cancellationToken)
                ?? throw new UnauthorizedException("The username or password is not correct.");
            await throttle.RecordSuccessAsync(username, address);
            return Response.From(await sessions.StartAsync(user, cancellationToken));
        }

        private static AuditEntry Entry(string action, string outcome, Account? account, string username, string address) =>
            new(action, outcome, account?.Id, username.Length > 100 ? username[..100] : username, account?.Role, ClientAddress: address);
    }

    private sealed record Account
    {
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
        public DateTimeOffset? DisabledAt { get; init; }
    }
}
