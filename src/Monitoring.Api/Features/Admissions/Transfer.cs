using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Admissions;

/// <summary>Moves a patient to another free bed, on this ward or another the user may see.</summary>
public static class Transfer
{
    public sealed record Command(Guid AdmissionId, string? Bed) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Body(string? Bed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Bed).NotEmpty();
    }

    private const string Move = """
        UPDATE admissions SET ward_code = @Ward, bed_code = @Bed
        WHERE id = @AdmissionId AND discharged_at IS NULL
        """;
    private const string OpenAlerts = "SELECT id FROM alerts WHERE admission_id = @AdmissionId AND status <> 'resolved'";
    private const string MoveOpenAlerts = """
        UPDATE alerts SET ward_code = @Ward, bed_code = @Bed WHERE admission_id = @AdmissionId AND status <> 'resolved'
        """;

    private const string RecordMove = """
        INSERT INTO bed_moves (id, admission_id, from_bed, to_bed, moved_at, moved_by)
        VALUES (@Id, @AdmissionId, @FromBed, @ToBed, @MovedAt, @MovedBy)
        """;

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        AdmissionReader reader,
        CurrentUser user,
        AuditTrail audit,
        AlertWriter alerts,
        Outbox outbox,
        WardLookup wards,
        ChartReader chart,
        TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var ward = await Beds.WardOfAsync(session, command.Bed, cancellationToken);
            if (ward is null || !user.CanSeeWard(ward))
            {
                // A bed on a ward the user cannot see answers like a bed that does not exist.
                throw RequestValidationException.For("bed", $"There is no bed {command.Bed} on your wards.");
            }
            if (command.Bed == admission.BedCode)
            {
                throw new ConflictException($"The patient is already in bed {command.Bed}.");
            }
            if (await Beds.IsOccupiedAsync(session, command.Bed, cancellationToken))
            {
                throw new ConflictException($"Bed {command.Bed} is occupied.");
            }
            try
            {
                await session.ExecuteAsync(Move, new { command.AdmissionId, Ward = ward, command.Bed }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException($"Bed {command.Bed} is occupied.");
            }
            await session.ExecuteAsync(RecordMove, new
            {
                Id = Guid.CreateVersion7(),
                command.AdmissionId,
                FromBed = admission.BedCode,
                ToBed = command.Bed,
                MovedAt = clock.GetUtcNow(),
                MovedBy = user.Id,
            }, cancellationToken);
            var moving = await session.QueryAsync<Guid>(OpenAlerts, new { command.AdmissionId }, cancellationToken);
            await session.ExecuteAsync(MoveOpenAlerts, new { command.AdmissionId, Ward = ward, command.Bed }, cancellationToken);
            // Alerts move with the patient: the ward left drops them, the ward joined hears each in full.
            foreach (var alertId in moving)
            {
                await alerts.AnnounceTransferAsync(alertId, admission.WardCode, admission.BedCode, cancellationToken);
            }
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            if (ward != admission.WardCode)
            {
                outbox.Enqueue(ward, WardEventTypes.CensusChanged, admission.Id, null, null);
                // The receiving ward's intervals apply from the moment the patient arrives.
                await ObservationScheduler.RescheduleAsync(session, chart, admission with { WardCode = ward },
                    await wards.SettingsAsync(ward, cancellationToken), cancellationToken);
            }
            await audit.RecordAsync("admission.transferred", command.AdmissionId, $"bed/{admission.BedCode}->bed/{command.Bed}", cancellationToken);
            return await reader.ReadAsync(command.AdmissionId, cancellationToken);
        }
    }
}
