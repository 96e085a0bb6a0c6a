using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Features.Charting;
using Monitoring.Api.Features.Doses;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Admissions;

public static class Admit
{
    public static IReadOnlyList<string> KnownSubstances => Clinical.Substances.Names;

    public sealed record Command(
        string? Mrn,
        string? DisplayName,
        DateOnly? DateOfBirth,
        string? Ward,
        string? Bed,
        IReadOnlyList<SubstanceUse>? Substances,
        int? Spo2Scale,
        bool? Pregnant) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Mrn).NotEmpty().MaximumLength(40);
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(c => c.DateOfBirth).NotNull()
                .Must(dob => dob <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("The date of birth cannot be in the future.")
                .Must(dob => dob >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(-120)).WithMessage("The date of birth is more than 120 years ago.");
            RuleFor(c => c.Ward).NotEmpty();
            RuleFor(c => c.Bed).NotEmpty();
            RuleFor(c => c.Substances).NotEmpty().WithMessage($"List at least one substance: {string.Join(", ", KnownSubstances)}.");
            RuleForEach(c => c.Substances).Must(use => Clinical.Substances.IsKnown(use?.Substance))
                .WithMessage($"Substances are among: {string.Join(", ", KnownSubstances)}.")
                .Must(use => use?.LastUseAt is null || use.LastUseAt <= clock.GetUtcNow() + ObservationTime.AllowedSkew)
                .WithMessage("The last use is in the future.");
            RuleFor(c => c.Spo2Scale).Must(scale => scale is null or 1 or 2)
                .WithMessage("spo2Scale is 1 (usual) or 2 (hypercapnic respiratory failure, prescribed 88-92 %).");
        }
    }

    private const string Insert = """
        INSERT INTO admissions (id, mrn, display_name, date_of_birth, ward_code, bed_code, substances, spo2_scale, pregnant, admitted_at, admitted_by)
        VALUES (@Id, @Mrn, @DisplayName, @DateOfBirth, @Ward, @Bed, @Substances, @Spo2Scale, @Pregnant, @AdmittedAt, @AdmittedBy)
        """;
    private const string OpenForMrn = "SELECT COUNT(*) FROM admissions WHERE mrn = @Mrn AND discharged_at IS NULL";

    public sealed class Handler(
        DbSession session,
        CurrentUser user,
        AuditTrail audit,
        AdmissionReader reader,
        AdmissionAccess access,
        ChartReader chart,
        WardLookup wards,
        Outbox outbox,
        TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var bedWard = await Beds.WardOfAsync(session, command.Bed, cancellationToken);
            if (bedWard is null)
            {
                throw RequestValidationException.For("bed", $"There is no bed {command.Bed}.");
            }
            if (bedWard != command.Ward)
            {
                throw RequestValidationException.For("bed", $"Bed {command.Bed} is on ward {bedWard}, not {command.Ward}.");
            }
            user.EnsureCanSeeWard(bedWard);
            if (await Beds.IsOccupiedAsync(session, command.Bed, cancellationToken))
            {
                throw new ConflictException($"Bed {command.Bed} is occupied.");
            }
            if (await session.ExecuteScalarAsync<long>(OpenForMrn, new { command.Mrn }, cancellationToken) > 0)
            {
                throw new ConflictException($"The patient with MRN {command.Mrn} is already admitted.");
            }

            var id = Guid.CreateVersion7();
            try
            {
                await session.ExecuteAsync(Insert, new
                {
                    Id = id,
                    command.Mrn,
                    command.DisplayName,
                    DateOfBirth = command.DateOfBirth!.Value,
                    command.Ward,
                    command.Bed,
                    Substances = string.Join(',', Clinical.Substances.Classes(command.Substances!)),
                    Spo2Scale = command.Spo2Scale ?? 1,
                    Pregnant = command.Pregnant ?? false,
                    AdmittedAt = clock.GetUtcNow(),
                    AdmittedBy = user.Id,
                }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                // The checks above raced with another admission; the database's unique indexes decided.
                throw new ConflictException($"Bed {command.Bed} is occupied, or MRN {command.Mrn} is already admitted.");
            }
            await AdmissionSubstances.InsertAsync(session, id, command.Substances!, cancellationToken);
            var admission = await access.GetVisibleAsync(id, cancellationToken);
            await ObservationScheduler.RescheduleAsync(session, chart, admission, await wards.SettingsAsync(bedWard, cancellationToken), cancellationToken);
            await outbox.EnqueueAsync(bedWard, WardEventTypes.CensusChanged, id, null, null, cancellationToken);
            await audit.RecordAsync("admission.created", id, $"bed/{command.Bed}", cancellationToken);
            return await reader.ReadAsync(id, cancellationToken);
        }
    }
}
