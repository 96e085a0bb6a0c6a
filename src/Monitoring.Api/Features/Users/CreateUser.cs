using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Users;

public static class CreateUser
{
    public sealed record Command(string? Username, string? Password, string? Role, IReadOnlyList<string>? Wards) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Response(Guid Id, string Username, string Role, IReadOnlyList<string> Wards);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Username).NotEmpty().Matches(@"^[A-Za-z0-9._-]{3,100}\z")
                .WithMessage("A username is 3 to 100 letters, digits, dots, hyphens or underscores.");
            RuleFor(c => c.Password).Custom((password, context) =>
            {
                if (Passwords.Problem(context.InstanceToValidate.Username, password) is { } problem)
                {
                    context.AddFailure(problem);
                }
            });
            RuleFor(c => c.Role).NotEmpty().Must(role => Roles.All.Contains(role))
                .WithMessage($"Role must be one of: {string.Join(", ", Roles.All)}.");
            RuleFor(c => c.Wards).NotEmpty().When(c => c.Role is Roles.Nurse or Roles.Physician)
                .WithMessage("A nurse or physician must be assigned to at least one ward.");
        }
    }

    private const string InsertUser = """
        INSERT INTO users (id, username, password_hash, role, created_at)
        VALUES (@Id, @Username, @PasswordHash, @Role, @CreatedAt)
        """;
    private const string InsertWard = "INSERT INTO user_wards (user_id, ward_code) VALUES (@UserId, @WardCode)";
    private const string KnownWards = "SELECT code FROM wards WHERE code IN @Codes";

    public sealed class Handler(DbSession session, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var wards = (command.Wards ?? []).Distinct(StringComparer.Ordinal).ToList();
            var known = await session.QueryAsync<string>(KnownWards, new { Codes = wards }, cancellationToken);
            var unknown = wards.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw RequestValidationException.For("wards", $"No such ward: {string.Join(", ", unknown)}.");
            }

            var id = Guid.CreateVersion7();
            try
            {
                await session.ExecuteAsync(InsertUser, new
                {
                    Id = id,
                    command.Username,
                    PasswordHash = Passwords.Hash(command.Password!),
                    command.Role,
                    CreatedAt = clock.GetUtcNow(),
                }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException($"The username {command.Username} is taken.");
            }
            await session.ExecuteAsync(InsertWard, wards.Select(ward => new { UserId = id, WardCode = ward }), cancellationToken);
            await audit.RecordAsync("user.created", null, $"user/{id}", cancellationToken);
            return new Response(id, command.Username!, command.Role!, wards);
        }
    }
}
