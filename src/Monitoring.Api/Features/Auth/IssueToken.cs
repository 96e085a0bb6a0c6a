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

    public sealed record Response(string AccessToken, DateTimeOffset ExpiresAt, string Role, string Username, IReadOnlyList<string> Wards);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Username).NotEmpty().WithMessage("Enter your username.").MaximumLength(200);
            RuleFor(c => c.Password).NotEmpty().WithMessage("Enter your password.");
        }
    }

    private const string FindUser = """
        SELECT id AS Id, username AS Username, password_hash AS PasswordHash, role AS Role
        FROM users
        WHERE username = @Username
        """;

    private const string FindWards = "SELECT ward_code FROM user_wards WHERE user_id = @Id ORDER BY ward_code";

    public sealed class Handler(DbSession session, TokenIssuer issuer, SignInThrottle throttle, RefusalAudit audit, CurrentUser caller)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var username = command.Username!;
            var address = caller.ClientAddress ?? "unknown";
            using var turn = await throttle.TurnAsync(username, cancellationToken);
            if (throttle.LockedFor(username, address) is { } wait)
            {
                await audit.RecordAsync(Entry("sign-in.locked-out", AuditOutcomes.LockedOut, null, username, address), cancellationToken);
                throw new TooManyRequestsException("Too many failed sign-ins: wait before trying again.", wait);
            }

            var account = await session.QuerySingleOrDefaultAsync<Account>(FindUser, new { Username = username }, cancellationToken);
            // An unknown username costs one password verification too, so timing does not tell which usernames exist.
            var verified = account is null ? Passwords.VerifyNobody(command.Password!) : Passwords.Verify(account.PasswordHash, command.Password!);
            if (!verified)
            {
                var lockedNow = throttle.RecordFailure(username, address);
                await audit.RecordAsync(Entry("sign-in.failed", AuditOutcomes.FailedSignIn, account, username, address), cancellationToken);
                if (lockedNow)
                {
                    await audit.RecordAsync(Entry("sign-in.locked-out", AuditOutcomes.LockedOut, account, username, address), cancellationToken);
                }
                throw new UnauthorizedException("The username or password is not correct.");
            }
            var wards = await session.QueryAsync<string>(FindWards, new { account!.Id }, cancellationToken);
            var token = issuer.Issue(account.Id, account.Username, account.Role, wards);
            return new Response(token.Value, token.ExpiresAt, account.Role, account.Username, wards);
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
    }
}
