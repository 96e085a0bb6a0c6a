using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Wards;

public static class CreateWard
{
    public sealed record Command(string? Code, string? Name, IReadOnlyList<string>? Beds) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Response(string Code, string Name, IReadOnlyList<string> Beds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).NotEmpty().Matches(Codes.WardPattern)
                .WithMessage("A ward code is 1 to 20 letters, digits or hyphens, such as 4B.");
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200).SingleLine();
            RuleFor(c => c.Beds).NotEmpty().WithMessage("List the ward's beds, such as [\"4B-01\", \"4B-02\"].");
            RuleForEach(c => c.Beds).NotEmpty().Matches(Codes.BedPattern)
                .WithMessage("A bed code is 1 to 40 letters, digits or hyphens, such as 4B-01.");
            RuleFor(c => c.Beds).Must(beds => beds!.Distinct(StringComparer.Ordinal).Count() == beds!.Count)
                .When(c => c.Beds is { Count: > 0 }).WithMessage("Each bed may be listed only once.");
            RuleFor(c => c.Beds).Must(beds => beds!.Count <= 2000).When(c => c.Beds is not null)
                .WithMessage("A ward has at most 2000 beds.");
        }
    }

    private const string InsertWard = "INSERT INTO wards (code, name, created_at) VALUES (@Code, @Name, @CreatedAt)";
    private const string InsertBed = "INSERT INTO beds (code, ward_code, position) VALUES (@Code, @WardCode, @Position)";
    private const string StartSequence = "INSERT INTO ward_sequences (ward_code, last_sequence) VALUES (@Code, 0)";
    private const string ExistingBeds = "SELECT code FROM beds WHERE code IN @Codes";

    public sealed class Handler(DbSession session, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var beds = command.Beds!;
            var taken = await session.QueryAsync<string>(ExistingBeds, new { Codes = beds }, cancellationToken);
            if (taken.Count > 0)
            {
                throw new ConflictException($"These beds already belong to a ward: {string.Join(", ", taken)}.");
            }
            try
            {
                await session.ExecuteAsync(InsertWard, new { command.Code, command.Name, CreatedAt = clock.GetUtcNow() }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException($"Ward {command.Code} already exists.");
            }
            await session.ExecuteAsync(StartSequence, new { command.Code }, cancellationToken);
            await session.ExecuteAsync(InsertBed, beds.Select((bed, index) => new { Code = bed, WardCode = command.Code, Position = index + 1 }), cancellationToken);
            await audit.RecordAsync("ward.created", null, $"ward/{command.Code}", cancellationToken);
            return new Response(command.Code!, command.Name!, beds);
        }
    }
}
