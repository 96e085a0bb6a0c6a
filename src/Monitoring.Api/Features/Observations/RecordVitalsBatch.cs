using FluentValidation;
using Monitoring.Api.Audit;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;

namespace Monitoring.Api.Features.Observations;

/// <summary>
/// Several vital-sign readings of one patient in one request and one transaction, as a bedside monitor
/// or its gateway sends them: every reading is charted, scored and alerted exactly as if posted alone,
/// in the order sent, but the request's own costs (token, HTTP, the writer's turn, the fsync and the
/// audit row, which names every observation) are paid once. All or nothing: one bad reading refuses
/// the batch and nothing is stored.
/// </summary>
public static class RecordVitalsBatch
{
    public const int MaxReadings = 100;

    public sealed record Command(Guid AdmissionId, IReadOnlyList<RecordVitals.Command>? Readings) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Response(IReadOnlyList<RecordVitals.Response> Readings);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Readings).NotEmpty().WithMessage("Send at least one reading.");
            RuleFor(c => c.Readings).Must(readings => readings!.Count <= MaxReadings).When(c => c.Readings is not null)
                .WithMessage($"Send at most {MaxReadings} readings in one batch.");
            RuleForEach(c => c.Readings).NotNull().WithMessage("Each reading is an object of vital signs.")
                .SetValidator(new RecordVitals.Validator(clock));
        }
    }

    public sealed class Handler(RecordVitals.Handler vitals, AuditTrail audit) : Mediator.ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var recorded = new List<RecordVitals.Response>(command.Readings!.Count);
            for (var i = 0; i < command.Readings.Count; i++)
            {
                try
                {
                    recorded.Add(await vitals.ChartAsync(command.Readings[i] with { AdmissionId = command.AdmissionId }, cancellationToken));
                }
                catch (RequestValidationException refused)
                {
                    // Found only once charting began (a time before the admission): named by its place in the batch.
                    throw new RequestValidationException(refused.Errors.ToDictionary(error => $"readings[{i}].{error.Key}", error => error.Value));
                }
            }
            // One request, one patient, one nurse: one audit row naming each observation.
            await audit.RecordAsync("vitals.recorded", command.AdmissionId, string.Join(' ', recorded.Select(reading => $"observation/{reading.Id}")), cancellationToken);
            return new Response(recorded);
        }
    }
}
