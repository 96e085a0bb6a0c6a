using FluentValidation;
using Mediator;
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
            RuleFor(c => c.Username).NotEmpty().WithMessage("Enter your username.");
            RuleFor(c => c.Password).NotEmpty().WithMessage("Enter your password.");
        }
    }

    private const string FindUser = """
        SELECT id AS Id, username AS Username, password_hash AS PasswordHash, role AS Role
        FROM users
        WHERE username = @Username
        """;

    private const string FindWards = "SELECT ward_code FROM user_wards WHERE user_id = @Id ORDER BY ward_code";

    public sealed class Handler(DbSession session, TokenIssuer issuer, ILogger<Handler> logger) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var account = await session.QuerySingleOrDefaultAsync<Account>(FindUser, new { command.Username }, cancellationToken);
            if (account is null || !Passwords.Verify(account.PasswordHash, command.Password!))
            {
                logger.LogWarning("Failed sign-in for {Username}", command.Username);
                throw new UnauthorizedException("The username or password is not correct.");
            }
            var wards = await session.QueryAsync<string>(FindWards, new { account.Id }, cancellationToken);
            var token = issuer.Issue(account.Id, account.Username, account.Role, wards);
            return new Response(token.Value, token.ExpiresAt, account.Role, account.Username, wards);
        }
    }

    private sealed record Account
    {
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
    }
}
