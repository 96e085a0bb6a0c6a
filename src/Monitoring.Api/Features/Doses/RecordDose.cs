using System.Globalization;
using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Doses;

/// <summary>A dose given, charted: checked against the catalogue, judged by the dose rules, and followed by the checks it calls for.</summary>
public static class RecordDose
{
    public sealed record Command(Guid AdmissionId, string? Drug, decimal? Dose, string? Unit, string? Route, DateTimeOffset? GivenAt, string? Reason, string? Note)
        : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }

        public Medication? Medication => Medications.Find(Drug);

        public DoseUnit? DoseUnit => Unit switch { "mg" => Clinical.DoseUnit.Mg, "mcg" => Clinical.DoseUnit.Mcg, _ => null };
    }

    public sealed record Response(
        Guid Id,
        Guid AdmissionId,
        string Drug,
        string DrugClass,
        decimal Dose,
        string Unit,
        decimal DoseMg,
        string Route,
        DateTimeOffset GivenAt,
        DateTimeOffset RecordedAt,
        string RecordedBy,
        string? Reason,
        string? Note,
        IReadOnlyList<AlertView> Alerts,
        IReadOnlyList<CheckDueView> ChecksDue,
        bool BeforeAdmission = false);

    /// <summary>A dose is charted on the shift it was given: older than this is a typing error, not a late entry.</summary>
    public static readonly TimeSpan OldestGivenAt = TimeSpan.FromHours(24);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Drug).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Name the drug given.")
                .Must(drug => Medications.Find(drug) is not null).When(c => !string.IsNullOrEmpty(c.Drug), ApplyConditionTo.CurrentValidator)
                .WithMessage(c => $"{c.Drug} is not in the unit's catalogue: {string.Join(", ", Medications.Catalogue.Select(m => m.Drug))}.");
            RuleFor(c => c.Unit).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Give the unit: mg or mcg.")
                .Must(unit => unit is "mg" or "mcg").When(c => !string.IsNullOrEmpty(c.Unit), ApplyConditionTo.CurrentValidator).WithMessage("The unit is mg or mcg.");
            RuleFor(c => c.Route).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Give the route.")
                .Must((c, route) => c.Medication!.Routes.Contains(route!)).When(c => c.Medication is not null && !string.IsNullOrEmpty(c.Route), ApplyConditionTo.CurrentValidator)
                .WithMessage(c => $"{c.Drug} is given {string.Join(", ", c.Medication!.Routes)}, not {c.Route}.");
            RuleFor(c => c.Dose).Cascade(CascadeMode.Stop).NotNull().WithMessage("Give the dose.")
                .GreaterThan(0).WithMessage("The dose is more than 0.")
                .Must((c, dose) => Medications.IsPlausible(c.Medication!, dose!.Value, c.DoseUnit!.Value))
                .When(c => c.Medication is not null && c.DoseUnit is not null && c.Dose > 0, ApplyConditionTo.CurrentValidator)
                .WithMessage(c => string.Create(CultureInfo.InvariantCulture,
                    $"{c.Drug} {c.Dose} {c.Unit} is outside the plausible single dose of {c.Medication!.MinimumMg}-{c.Medication.MaximumMg} mg: check mg and mcg."));
            RuleFor(c => c.GivenAt).Cascade(CascadeMode.Stop).NotNull().WithMessage("Give the time the dose was given.")
                .Must(at => at <= clock.GetUtcNow() + ObservationTime.AllowedSkew).WithMessage("The time given is in the future.")
                .Must(at => at >= clock.GetUtcNow() - OldestGivenAt).WithMessage("The time given is more than 24 h ago.");
            RuleFor(c => c.Reason).MaximumLength(2000);
            RuleFor(c => c.Note).MaximumLength(2000);
        }
    }

    private const string Insert = """
        INSERT INTO doses (id, admission_id, drug, drug_class, dose, unit, dose_mg, route, given_at, recorded_at, recorded_by, reason, note)
        VALUES (@Id, @AdmissionId, @Drug, @DrugClass, @Dose, @Unit, @DoseMg, @Route, @GivenAt, @RecordedAt, @RecordedBy, @Reason, @Note)
        """;

    private const string LinkAlert = "INSERT INTO dose_alerts (dose_id, alert_id) VALUES (@DoseId, @AlertId)";

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        CurrentUser user,
        AuditTrail audit,
        AlertWriter alerts,
        ChartReader chart,
        WardLookup wards,
        Outbox outbox,
        TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var givenAt = command.GivenAt!.Value.ToUniversalTime();
            // A dose before the admission (paramedics' naloxone, within the 24 h the validator allows) is charted and flagged,
            // so that the re-sedation watch it started continues on the ward.
            var beforeAdmission = givenAt < admission.AdmittedAt - ObservationTime.AllowedSkew;
            var medication = command.Medication!;
            var unit = command.DoseUnit!.Value;
            var dose = new DoseGiven(Guid.CreateVersion7(), medication.Drug, command.Dose!.Value, unit, command.Route!, givenAt);
            var recordedAt = clock.GetUtcNow();
            var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
            var earlier = await DoseFacts.ValidDosesAsync(session, admission.Id, cancellationToken);

            await session.ExecuteAsync(Insert, new
            {
                dose.Id,
                AdmissionId = admission.Id,
                dose.Drug,
                DrugClass = WireNames.Of(medication.Class),
                dose.Dose,
                command.Unit,
                DoseMg = Medications.ToMilligrams(dose.Dose, unit),
                dose.Route,
                dose.GivenAt,
                RecordedAt = recordedAt,
                RecordedBy = user.Id,
                command.Reason,
                command.Note,
            }, cancellationToken);

            var substances = await DoseFacts.SubstancesAsync(session, admission, cancellationToken);
            var lastInduction = (await DoseFacts.ValidInductionAsync(session, admission.Id, givenAt, cancellationToken)).LastOrDefault();
            var lastVitals = await DoseFacts.LastVitalsBeforeAsync(session, admission.Id, givenAt, cancellationToken);
            var findings = DoseRules.OnDose(dose, earlier, substances, lastInduction, lastVitals, settings, DoseFacts.Zone(settings));
            var raised = await alerts.RaiseOrRefreshAsync(admission, findings.Select(ChartingEffects.ToAlertFinding), null, cancellationToken);
            foreach (var alert in raised)
            {
                await session.ExecuteAsync(LinkAlert, new { DoseId = dose.Id, AlertId = alert.Id }, cancellationToken);
            }

            await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken);
            var checks = (await DoseFacts.OutstandingChecksAsync(session, admission, settings, cancellationToken))
                .Where(check => check.DoseId == dose.Id).Select(CheckDueView.Of).ToList();
            outbox.Enqueue(admission.WardCode, WardEventTypes.ObservationRecorded, admission.Id, null,
                new ObservationSummary(dose.Id, "dose", givenAt, null, null, null, null));
            await audit.RecordAsync("dose.recorded", admission.Id, $"dose/{dose.Id}", cancellationToken);
            return new Response(dose.Id, admission.Id, dose.Drug, WireNames.Of(medication.Class), dose.Dose, command.Unit!,
                Medications.ToMilligrams(dose.Dose, unit), dose.Route, givenAt, recordedAt, user.Username, command.Reason, command.Note, raised, checks, beforeAdmission);
        }
    }
}
