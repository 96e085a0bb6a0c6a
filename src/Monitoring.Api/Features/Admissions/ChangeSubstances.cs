using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Admissions;

/// <summary>
/// What a patient uses is often learnt after admission (a urine screen, a relative, the patient once settled): the
/// list and last use are amended here, audited, and the scales and dose rules follow the new list at once.
/// </summary>
public static class ChangeSubstances
{
    public sealed record Body(IReadOnlyList<SubstanceUse>? Substances);

    public sealed record Command(Guid AdmissionId, IReadOnlyList<SubstanceUse>? Substances) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Substances).NotEmpty().WithMessage($"List at least one substance: {string.Join(", ", Admit.KnownSubstances)}.");
            RuleForEach(c => c.Substances).Must(use => Clinical.Substances.IsKnown(use?.Substance))
                .WithMessage($"Substances are among: {string.Join(", ", Admit.KnownSubstances)}.")
                .Must(use => use?.LastUseAt is null || use.LastUseAt <= clock.GetUtcNow() + ObservationTime.AllowedSkew)
                .WithMessage("The last use is in the future.");
        }
    }

    private const string UpdateClasses = "UPDATE admissions SET substances = @Substances WHERE id = @AdmissionId AND discharged_at IS NULL";

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        AdmissionReader reader,
        ChartReader chart,
        WardLookup wards,
        CurrentUser user,
        AuditTrail audit,
        Outbox outbox,
        TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var substances = command.Substances!;
            await AdmissionSubstances.AmendAsync(session, admission.Id, substances, user.Id, clock.GetUtcNow(), cancellationToken);
            await session.ExecuteAsync(UpdateClasses, new { command.AdmissionId, Substances = string.Join(',', Clinical.Substances.Classes(substances)) }, cancellationToken);
            var amended = await access.GetOpenAsync(admission.Id, cancellationToken);
            await ObservationScheduler.RescheduleAsync(session, chart, amended, await wards.SettingsAsync(admission.WardCode, cancellationToken), cancellationToken);
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            await audit.RecordAsync("admission.substances-changed", admission.Id,
                $"admission/{admission.Id}/substances/{string.Join('+', substances.Select(use => use.Substance))}", cancellationToken);
            return await reader.ReadAsync(admission.Id, cancellationToken);
        }
    }
}
