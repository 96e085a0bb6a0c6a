using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
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

    private const string OpenAlerts = "SELECT id FROM alerts WHERE admission_id = @AdmissionId AND status <> 'resolved'";

    private const string Update = """
        UPDATE admissions
        SET discharged_at = @DischargedAt, discharged_by = @DischargedBy, discharge_note = @Note
        WHERE id = @AdmissionId AND discharged_at IS NULL
        """;

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        AdmissionReader reader,
        CurrentUser user,
        AuditTrail audit,
        AlertWriter alerts,
        Outbox outbox,
        TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            await session.ExecuteAsync(Update, new
            {
                command.AdmissionId,
                DischargedAt = clock.GetUtcNow(),
                DischargedBy = user.Id,
                command.Note,
            }, cancellationToken);
            foreach (var alertId in await session.QueryAsync<Guid>(OpenAlerts, new { command.AdmissionId }, cancellationToken))
            {
                await alerts.ResolveAsync(alertId, user.Id, "Patient discharged.", cancellationToken);
            }
            await outbox.EnqueueAsync(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null, cancellationToken);
            await audit.RecordAsync("admission.discharged", command.AdmissionId, $"admission/{command.AdmissionId}", cancellationToken);
            return await reader.ReadAsync(command.AdmissionId, cancellationToken);
        }
    }
}
