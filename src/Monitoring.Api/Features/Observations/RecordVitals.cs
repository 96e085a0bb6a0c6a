using System.Text.Json;
using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Observations;

public static class RecordVitals
{
    public sealed record Command(
        Guid AdmissionId,
        DateTimeOffset? ObservedAt,
        int? RespiratoryRate,
        int? Spo2,
        bool? OnOxygen,
        int? SystolicBp,
        int? DiastolicBp,
        int? HeartRate,
        decimal? TemperatureC,
        string? Consciousness,
        string? Sedation,
        string? Note,
        string? OxygenDevice = null,
        decimal? OxygenFlowLpm = null,
        string? Source = null) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }

        public VitalSigns ToVitalSigns() => new(
            RespiratoryRate, Spo2, OnOxygen, SystolicBp, DiastolicBp, HeartRate, TemperatureC,
            Acvpu.TryParse(Consciousness, out var level) ? level : null);

        public bool HasAnyMeasurement =>
            RespiratoryRate is not null || Spo2 is not null || OnOxygen is not null || SystolicBp is not null || DiastolicBp is not null
            || HeartRate is not null || TemperatureC is not null || Consciousness is not null || Sedation is not null;
    }

    public static readonly IReadOnlyList<string> OxygenDevices = ["nasal-cannula", "simple-mask", "venturi", "non-rebreather", "high-flow", "other"];

    /// <summary><see cref="ReportedObservedAt"/>: the time sent when it was ahead of the service's clock and stored as now.</summary>
    public sealed record Response(Guid Id, Guid AdmissionId, DateTimeOffset ObservedAt, News2View News2, IReadOnlyList<AlertView> Alerts, DateTimeOffset? ReportedObservedAt = null);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ObservedAt).ObservedTime(clock, "the observations");
            RuleFor(c => c.OxygenDevice).Must(device => OxygenDevices.Contains(device)).When(c => c.OxygenDevice is not null)
                .WithMessage($"oxygenDevice is one of {string.Join(", ", OxygenDevices)}.");
            RuleFor(c => c.Source).Must(source => VitalsSources.All.Contains(source)).When(c => c.Source is not null)
                .WithMessage($"source is one of {string.Join(", ", VitalsSources.All)}.");
            RuleFor(c => c.OxygenFlowLpm).InclusiveBetween(0.5m, 60m).When(c => c.OxygenFlowLpm is not null)
                .WithMessage("oxygenFlowLpm is between 0.5 and 60 L/min.");
            RuleFor(c => c.OnOxygen).Must(oxygen => oxygen != false).When(c => c.OxygenDevice is not null || c.OxygenFlowLpm is not null)
                .WithMessage("An oxygen device or flow was given, but onOxygen says air.");
            RuleFor(c => c).Must(c => c.HasAnyMeasurement).WithName("body").OverridePropertyName("body")
                .WithMessage("Chart at least one vital sign.");
            RuleFor(c => c.Consciousness).Must(code => Acvpu.TryParse(code, out _)).When(c => c.Consciousness is not null)
                .WithMessage("Consciousness is one of A (alert), C (new confusion), V (voice), P (pain), U (unresponsive).");
            RuleFor(c => c.Sedation).Must(code => Poss.TryParse(code, out _)).When(c => c.Sedation is not null)
                .WithMessage("Sedation (POSS) is one of S, 1, 2, 3, 4.");
            RuleFor(c => c.TemperatureC).Must(t => t!.Value.Scale <= 2 || decimal.Round(t.Value, 2) == t.Value)
                .When(c => c.TemperatureC is not null).WithMessage("Temperature is charted to at most two decimals.");
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c).Custom((command, context) =>
            {
                foreach (var violation in VitalSignRanges.Check(command.ToVitalSigns()))
                {
                    context.AddFailure(violation.Field, violation.Message);
                }
            });
        }
    }

    private const string InsertVitals = """
        INSERT INTO vital_signs (observation_id, respiratory_rate, spo2, on_oxygen, systolic_bp, diastolic_bp, heart_rate,
                                 temperature_c, consciousness, sedation, spo2_scale, news2_total, news2_band, news2_parameters, news2_note,
                                 oxygen_device, oxygen_flow_lpm, source)
        VALUES (@ObservationId, @RespiratoryRate, @Spo2, @OnOxygen, @SystolicBp, @DiastolicBp, @HeartRate,
                @TemperatureC, @Consciousness, @Sedation, @Spo2Scale, @News2Total, @News2Band, @News2Parameters, @News2Note,
                @OxygenDevice, @OxygenFlowLpm, @Source)
        """;

    public sealed class Handler(DbSession session, AdmissionAccess access, CurrentUser user, AuditTrail audit, ChartingEffects effects, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var recorded = await ChartAsync(command, cancellationToken);
            await audit.RecordAsync("vitals.recorded", command.AdmissionId, $"observation/{recorded.Id}", cancellationToken);
            return recorded;
        }

        /// <summary>Charts, scores and alerts one reading; the caller records it in the audit trail.</summary>
        public async ValueTask<Response> ChartAsync(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var (observedAt, reportedObservedAt) = ObservationTime.AtMostNow(command.ObservedAt!.Value.ToUniversalTime(), now);
            var admission = await access.GetOpenForChartingAsync(command.AdmissionId, ObservationScheduler.VitalsKind, cancellationToken, observedAt - DecisiveSet.Window);
            ObservationTime.EnsureWithinAdmission(observedAt, admission);
            var age = Age.InYears(admission.DateOfBirth, DateOnly.FromDateTime(observedAt.UtcDateTime));
            var news2 = News2.Score(command.ToVitalSigns(), admission.Scale, age, admission.Pregnant);
            var view = ObservationMapping.ToView(news2);

            var id = Guid.CreateVersion7();
            await ObservationRows.InsertAsync(session, id, command.AdmissionId, "vitals", observedAt, now, user.Id, command.Note, cancellationToken, reportedObservedAt);
            await session.ExecuteAsync(InsertVitals, new
            {
                ObservationId = id,
                command.RespiratoryRate,
                command.Spo2,
                command.OnOxygen,
                command.SystolicBp,
                command.DiastolicBp,
                command.HeartRate,
                command.TemperatureC,
                command.Consciousness,
                command.Sedation,
                Spo2Scale = admission.Spo2Scale,
                News2Total = news2.Total,
                News2Band = news2.Band is { } band ? WireNames.Of(band) : null,
                News2Parameters = JsonSerializer.Serialize(view.Parameters),
                News2Note = news2.NotComputedReason,
                command.OxygenDevice,
                command.OxygenFlowLpm,
                Source = command.Source ?? VitalsSources.Manual,
            }, cancellationToken);
            var sedation = Poss.TryParse(command.Sedation, out var level) ? level : (PossLevel?)null;
            var alerts = await effects.AfterVitalsAsync(admission, id, observedAt,
                new VitalsObservation(command.ToVitalSigns(), sedation, news2, admission.Scale), cancellationToken);
            return new Response(id, command.AdmissionId, observedAt, view, alerts, reportedObservedAt);
        }
    }
}
