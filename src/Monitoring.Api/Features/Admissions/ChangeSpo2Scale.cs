using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Admissions;

/// <summary>
/// SpO2 scale 2 (target 88-92 %, hypercapnic respiratory failure) is a physician's prescription: changed here,
/// with a reason, kept as history and audited. Observations already charted keep the scale they were scored on;
/// the open SpO2 alerts are decided again at once from the latest set read on the new scale.
/// </summary>
public static class ChangeSpo2Scale
{
    public sealed record Body(int? Scale, string? Reason);

    public sealed record Command(Guid AdmissionId, int? Scale, string? Reason) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Scale).NotNull().Must(scale => scale is 1 or 2)
                .WithMessage("scale is 1 (usual) or 2 (hypercapnic respiratory failure, prescribed 88-92 %).");
            RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the SpO2 scale changes.").MaximumLength(2000);
        }
    }

    private const string Update = "UPDATE admissions SET spo2_scale = @Scale WHERE id = @AdmissionId AND discharged_at IS NULL";

    private const string Insert = """
        INSERT INTO spo2_scale_changes (id, admission_id, from_scale, to_scale, reason, changed_by, changed_at)
        VALUES (@Id, @AdmissionId, @FromScale, @ToScale, @Reason, @ChangedBy, @ChangedAt)
        """;

    public sealed class Handler(DbSession session, AdmissionAccess access, AdmissionReader reader, AlertRecomputation recomputation, CurrentUser user, AuditTrail audit, Outbox outbox, TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            if (admission.Spo2Scale == command.Scale)
            {
                throw new ConflictException($"The admission is already on SpO2 scale {command.Scale}.");
            }
            await session.ExecuteAsync(Update, new { command.AdmissionId, command.Scale }, cancellationToken);
            await session.ExecuteAsync(Insert, new
            {
                Id = Guid.CreateVersion7(),
                command.AdmissionId,
                FromScale = admission.Spo2Scale,
                ToScale = command.Scale,
                command.Reason,
                ChangedBy = user.Id,
                ChangedAt = clock.GetUtcNow(),
            }, cancellationToken);
            await recomputation.OnSpo2ScaleChangedAsync(admission, (Clinical.SpO2Scale)command.Scale!.Value, cancellationToken);
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            await audit.RecordAsync("admission.spo2-scale-changed", admission.Id, $"admission/{admission.Id}/spo2-scale/{admission.Spo2Scale}->{command.Scale}", cancellationToken);
            return await reader.ReadAsync(admission.Id, cancellationToken);
        }
    }
}
