using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Admissions;

public static class Discharge
{
    public sealed record Command(Guid AdmissionId, string? Note) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Body(string? Note);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).MaximumLength(2000);
    }

    private const string Update = """
        UPDATE admissions
        SET discharged_at = @DischargedAt, discharged_by = @DischargedBy, discharge_note = @Note
        WHERE id = @AdmissionId AND discharged_at IS NULL
        """;

    public sealed class Handler(DbSession session, AdmissionAccess access, AdmissionReader reader, CurrentUser user, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            await session.ExecuteAsync(Update, new
            {
                command.AdmissionId,
                DischargedAt = clock.GetUtcNow(),
                DischargedBy = user.Id,
                command.Note,
            }, cancellationToken);
            await audit.RecordAsync("admission.discharged", command.AdmissionId, $"admission/{command.AdmissionId}", cancellationToken);
            return await reader.ReadAsync(command.AdmissionId, cancellationToken);
        }
    }
}
