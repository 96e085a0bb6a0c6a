using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Alerts;

/// <summary>
/// What was done about an alert (physician called, reviewed at the bedside, naloxone given…), by a nurse or
/// physician of its ward: listed on the alert, pushed to the ward's boards and audited. Recording a response
/// changes nothing about the alert's status: acknowledging and resolving stay their own acts.
/// </summary>
public static class RecordResponse
{
    public sealed record Body(string? Action, DateTimeOffset? At, string? Note);

    public sealed record Command(Guid AlertId, string? Action, DateTimeOffset? At, string? Note) : IWriteCommand<AlertView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Action).Must(action => action is not null && AlertActions.All.Contains(action))
                .WithMessage($"action is one of {string.Join(", ", AlertActions.All)}.");
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c.Note).NotEmpty().When(c => c.Action == "other").WithMessage("Say what was done when the action is other.");
            RuleFor(c => c.At).Must(at => at is null || at <= clock.GetUtcNow() + ObservationTime.AllowedSkew).WithMessage("at is in the future.")
                .Must(at => at is null || at >= clock.GetUtcNow() - ObservationTime.MaximumAge).WithMessage("at is more than 24 h ago: check the date.");
        }
    }

    public sealed class Handler(AlertReader reader, AlertWriter writer, CurrentUser user, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, AlertView>
    {
        public async ValueTask<AlertView> Handle(Command command, CancellationToken cancellationToken)
        {
            var notFound = $"Alert {command.AlertId} does not exist.";
            var alert = await reader.FindAsync(command.AlertId, cancellationToken) ?? throw new NotFoundException(notFound);
            user.EnsureCanSeeWardOrNotFound(alert.Ward, notFound, alert.AdmissionId, $"alert/{alert.Id}");
            var now = clock.GetUtcNow();
            // A tablet a little fast is stored at the server's time, as observations are: a response cannot precede what it answers by a clock's drift.
            var (at, _) = ObservationTime.AtMostNow(command.At?.ToUniversalTime() ?? now, now);
            if (at < alert.RaisedAt)
            {
                throw RequestValidationException.For("at", $"at is before the alert was raised ({alert.RaisedAt:u}).");
            }
            var responded = await writer.RespondAsync(alert.Id, user.Id, command.Action!, at, command.Note, cancellationToken);
            await audit.RecordAsync("alert.response-recorded", alert.AdmissionId, $"alert/{alert.Id}", cancellationToken);
            return responded;
        }
    }
}
