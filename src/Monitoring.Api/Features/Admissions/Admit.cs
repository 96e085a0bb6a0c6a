using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
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
        bool? Pregnant,
        DateTimeOffset? AdmittedAt = null) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Mrn).NotEmpty().MaximumLength(40).SingleLine();
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200).SingleLine();
            RuleFor(c => c.DateOfBirth).NotNull()
                .Must(dob => dob <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("The date of birth cannot be in the future.")
                .Must(dob => dob >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(-120)).WithMessage("The date of birth is more than 120 years ago.")
                .Must(dob => dob is null || Age.InYears(dob.Value, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) >= News2.MinimumAgeYears)
                .WithMessage($"The unit's scores are not validated under {News2.MinimumAgeYears}: a patient under {News2.MinimumAgeYears} is not admitted here.");
            RuleFor(c => c.AdmittedAt)
                .Must(at => at is null || at <= clock.GetUtcNow() + ObservationTime.AllowedSkew).WithMessage("The admission time is in the future.")
                .Must(at => at is null || at >= clock.GetUtcNow() - ObservationTime.MaximumAge).WithMessage("The admission time is more than 24 h ago: check the date.");
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
    private const string OpenForMrn = "SELECT id AS Id, ward_code AS WardCode FROM admissions WHERE mrn = @Mrn AND discharged_at IS NULL";

    private sealed record OpenAdmission
    {
        public Guid Id { get; init; }
        public string WardCode { get; init; } = "";
    }

    public sealed class Handler(
        DbSession session,
        CurrentUser user,
        AuditTrail audit,
        AdmissionReader reader,
        AdmissionAccess access,
        ChartReader chart,
        WardLookup wards,
        Outbox outbox,
        TimeProvider clock,
        IHttpContextAccessor accessor)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            user.EnsureCanSeeWard(command.Ward!);
            // A bed elsewhere answers like a bed that does not exist: other wards' layouts are not disclosed.
            var bedWard = await Beds.WardOfAsync(session, command.Bed, cancellationToken);
            if (bedWard is null || bedWard != command.Ward)
            {
                throw RequestValidationException.For("bed", $"Ward {command.Ward} has no bed {command.Bed}.");
            }
            if (command.Spo2Scale == 2 && user.Role != Roles.Physician)
            {
                throw RequestValidationException.For("spo2Scale", "SpO2 scale 2 (target 88-92 %) is a physician's decision: admit on scale 1 and ask a physician to change it.");
            }
            if (await Beds.IsOccupiedAsync(session, command.Bed, cancellationToken))
            {
                throw new ConflictException($"Bed {command.Bed} is occupied.");
            }
            if (await session.QuerySingleOrDefaultAsync<OpenAdmission>(OpenForMrn, new { command.Mrn }, cancellationToken) is { } open)
            {
                throw MrnConflict(open);
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
                    AdmittedAt = command.AdmittedAt?.ToUniversalTime() ?? clock.GetUtcNow(),
                    AdmittedBy = user.Id,
                }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                // The checks above raced with another admission; the database's unique indexes decided.
                throw new ConflictException($"Bed {command.Bed} is occupied, or this MRN has an open admission.");
            }
            await AdmissionSubstances.InsertAsync(session, id, command.Substances!, cancellationToken);
            var admission = await access.GetVisibleAsync(id, cancellationToken);
            await ObservationScheduler.RescheduleAsync(session, chart, admission, await wards.SettingsAsync(bedWard, cancellationToken), cancellationToken);
            outbox.Enqueue(bedWard, WardEventTypes.CensusChanged, id, null, null);
            await audit.RecordAsync("admission.created", id, $"bed/{command.Bed}", cancellationToken);
            return await reader.ReadAsync(id, cancellationToken);
        }

        // Neither the MRN (patient data, which would reach logs) nor the other ward's admission is echoed;
        // the clash is audited with the admission it met, for the unit manager to follow up.
        private ConflictException MrnConflict(OpenAdmission open)
        {
            RefusalAudit.Note(accessor.HttpContext, "admission.mrn-conflict", open.Id, $"ward/{open.WardCode}");
            return new ConflictException("This MRN already has an open admission; nothing was stored. Discharge or transfer that admission first, or ask the unit manager.");
        }
    }
}
