using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Alerts;

/// <summary>Acknowledge and resolve: who, when and a note, by a nurse or physician of the alert's ward.</summary>
public static class ChangeAlert
{
    public sealed record Body(string? Note);

    public sealed record ResolveBody(string? Note, string? Outcome);

    public sealed record Acknowledge(Guid AlertId, string? Note) : IWriteCommand<AlertView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Resolve(Guid AlertId, string? Note, string? Outcome = null) : IWriteCommand<AlertView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class AcknowledgeValidator : AbstractValidator<Acknowledge>
    {
        public AcknowledgeValidator() => RuleFor(c => c.Note).MaximumLength(2000);
    }

    public sealed class ResolveValidator : AbstractValidator<Resolve>
    {
        public ResolveValidator()
        {
            RuleFor(c => c.Note).NotEmpty().WithMessage("Say how the alert was resolved.").MaximumLength(2000);
            RuleFor(c => c.Outcome).Must(outcome => outcome is null || AlertOutcomes.All.Contains(outcome))
                .WithMessage($"outcome is one of {string.Join(", ", AlertOutcomes.All)}, or left out.");
        }
    }

    public sealed class AcknowledgeHandler(AlertReader reader, AlertWriter writer, CurrentUser user, AuditTrail audit) : ICommandHandler<Acknowledge, AlertView>
    {
        public async ValueTask<AlertView> Handle(Acknowledge command, CancellationToken cancellationToken)
        {
            var alert = await FindVisibleAsync(reader, user, command.AlertId, cancellationToken);
            var changed = await writer.AcknowledgeAsync(alert.Id, user.Id, command.Note, cancellationToken)
                ?? throw new ConflictException($"The alert is {alert.Status}; only an active alert can be acknowledged.");
            await audit.RecordAsync("alert.acknowledged", alert.AdmissionId, $"alert/{alert.Id}", cancellationToken);
            return changed;
        }
    }

    public sealed class ResolveHandler(AlertReader reader, AlertWriter writer, CurrentUser user, AuditTrail audit) : ICommandHandler<Resolve, AlertView>
    {
        public async ValueTask<AlertView> Handle(Resolve command, CancellationToken cancellationToken)
        {
            var alert = await FindVisibleAsync(reader, user, command.AlertId, cancellationToken);
            var changed = await writer.ResolveAsync(alert.Id, user.Id, command.Note!, command.Outcome, cancellationToken)
                ?? throw new ConflictException("The alert is already resolved.");
            await audit.RecordAsync("alert.resolved", alert.AdmissionId, $"alert/{alert.Id}", cancellationToken);
            return changed;
        }
    }

    private static async Task<AlertView> FindVisibleAsync(AlertReader reader, CurrentUser user, Guid alertId, CancellationToken cancellationToken)
    {
        var notFound = $"Alert {alertId} does not exist.";
        var alert = await reader.FindAsync(alertId, cancellationToken) ?? throw new NotFoundException(notFound);
        user.EnsureCanSeeWardOrNotFound(alert.Ward, notFound, alert.AdmissionId, $"alert/{alertId}");
        return alert;
    }
}
