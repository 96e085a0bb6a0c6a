using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Alerts;

/// <summary>Acknowledges every active alert of one admission in one transaction, each audited and pushed as the single acknowledge does.</summary>
public static class AcknowledgeAll
{
    public sealed record Command(Guid AdmissionId, string? Note) : IWriteCommand<IReadOnlyList<AlertView>>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).MaximumLength(2000);
    }

    public sealed class Handler(AdmissionAccess admissions, AlertReader reader, AlertWriter writer, CurrentUser user, AuditTrail audit)
        : ICommandHandler<Command, IReadOnlyList<AlertView>>
    {
        public async ValueTask<IReadOnlyList<AlertView>> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await admissions.GetVisibleAsync(command.AdmissionId, cancellationToken);
            var changed = new List<AlertView>();
            foreach (var alertId in await reader.ActiveIdsOfAdmissionAsync(admission.Id, cancellationToken))
            {
                // An alert another writer acknowledged or resolved since the read is simply not among those changed.
                if (await writer.AcknowledgeAsync(alertId, user.Id, command.Note, cancellationToken) is { } alert)
                {
                    await audit.RecordAsync("alert.acknowledged", admission.Id, $"alert/{alertId}", cancellationToken);
                    changed.Add(alert);
                }
            }
            return changed;
        }
    }
}
