using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Observations;

/// <summary>
/// Marks an observation entered-in-error. The observation itself is never changed: the correction
/// is a row of its own, with who, when and why.
/// </summary>
public static class MarkEnteredInError
{
    public sealed record Command(Guid ObservationId, string? Reason) : IWriteCommand<Correction>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Body(string? Reason);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the entry is in error.").MaximumLength(2000);
    }

    private const string FindObservation = "SELECT admission_id AS AdmissionId, kind AS Kind FROM observations WHERE id = @ObservationId";
    private const string InsertCorrection = """
        INSERT INTO observation_corrections (id, observation_id, reason, corrected_by, corrected_at)
        VALUES (@Id, @ObservationId, @Reason, @CorrectedBy, @CorrectedAt)
        """;

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        CurrentUser user,
        AuditTrail audit,
        AlertRecomputation recomputation,
        ChartReader chart,
        WardLookup wards,
        Outbox outbox,
        DoseCorrection doses,
        TimeProvider clock)
        : ICommandHandler<Command, Correction>
    {
        public async ValueTask<Correction> Handle(Command command, CancellationToken cancellationToken)
        {
            var observation = await session.QuerySingleOrDefaultAsync<ObservationRef>(FindObservation, new { command.ObservationId }, cancellationToken);
            if (observation is null)
            {
                // Doses are charted entries too, corrected through the same endpoint.
                return await doses.TryMarkAsync(command.ObservationId, command.Reason!, cancellationToken)
                    ?? throw new NotFoundException($"Observation {command.ObservationId} does not exist.");
            }
            var admission = await access.GetVisibleAsync(observation.AdmissionId, $"Observation {command.ObservationId} does not exist.", cancellationToken);

            var correctedAt = clock.GetUtcNow();
            try
            {
                await session.ExecuteAsync(InsertCorrection, new
                {
                    Id = Guid.CreateVersion7(),
                    command.ObservationId,
                    command.Reason,
                    CorrectedBy = user.Id,
                    CorrectedAt = correctedAt,
                }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException($"Observation {command.ObservationId} is already marked entered-in-error.");
            }
            await recomputation.RecomputeAsync(admission, command.ObservationId, user.Id, command.Reason!, cancellationToken);
            if (admission.IsOpen)
            {
                await ObservationScheduler.RescheduleAsync(session, chart, admission, await wards.SettingsAsync(admission.WardCode, cancellationToken), cancellationToken);
            }
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            await audit.RecordAsync("observation.entered-in-error", observation.AdmissionId, $"observation/{command.ObservationId}", cancellationToken);
            return new Correction(command.ObservationId, observation.AdmissionId, observation.Kind, "entered-in-error", command.Reason!, user.Username, correctedAt);
        }
    }

    private sealed record ObservationRef
    {
        public Guid AdmissionId { get; init; }
        public string Kind { get; init; } = "";
    }
}
