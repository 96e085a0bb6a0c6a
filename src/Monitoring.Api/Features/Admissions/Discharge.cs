using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Admissions;

public static class Discharge
{
    public sealed record Command(Guid AdmissionId, string? Note, string? Reason = null) : IWriteCommand<AdmissionView>
    {
        public string? IdempotencyKey { get; init; }

        /// <summary>Why a physician discharges despite open high alerts: <c>reason</c>, or else the note.</summary>
        public string? OverrideReason => string.IsNullOrWhiteSpace(Reason) ? string.IsNullOrWhiteSpace(Note) ? null : Note : Reason;
    }

    public sealed record Body(string? Note, string? Reason = null);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c.Reason).MaximumLength(2000);
        }
    }

    private const string OpenAlerts = """
        SELECT id AS Id, code AS Code, priority AS Priority, status AS Status, reason AS Reason
        FROM alerts WHERE admission_id = @AdmissionId AND status <> 'resolved'
        """;

    private const string Update = """
        UPDATE admissions
        SET discharged_at = @DischargedAt, discharged_by = @DischargedBy, discharge_note = @Note
        WHERE id = @AdmissionId AND discharged_at IS NULL
        """;

    public sealed class Handler(
        DbSession session,
        AdmissionAccess access,
        AdmissionReader reader,
        CurrentUser user,
        AuditTrail audit,
        AlertWriter alerts,
        Outbox outbox,
        TimeProvider clock)
        : ICommandHandler<Command, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var open = await session.QueryAsync<OpenAlert>(OpenAlerts, new { command.AdmissionId }, cancellationToken);
            var high = open.Where(alert => alert.Priority == AlertPriorities.High).ToList();
            var overridden = high.Count > 0 && user.Role == Roles.Physician && command.OverrideReason is not null;
            if (high.Count > 0 && !overridden)
            {
                // A patient with an unanswered high alert must not leave by one click: a physician decides, with a reason.
                throw new ConflictException(
                    $"Open high alerts: {string.Join("; ", high.Select(a => $"{a.Code} ({a.Status})"))}. Resolve them, or a physician discharges with a reason.",
                    new Dictionary<string, object?> { ["alerts"] = high.Select(a => new { a.Id, a.Code, a.Priority, a.Status, a.Reason }).ToList() });
            }
            await session.ExecuteAsync(Update, new
            {
                command.AdmissionId,
                DischargedAt = clock.GetUtcNow(),
                DischargedBy = user.Id,
                command.Note,
            }, cancellationToken);
            var note = overridden ? $"Patient discharged by a physician despite open alerts: {command.OverrideReason}" : "Patient discharged.";
            foreach (var alert in open)
            {
                await alerts.ResolveAsync(alert.Id, user.Id, note, cancellationToken);
            }
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            await audit.RecordAsync(overridden ? "admission.discharged-with-open-alerts" : "admission.discharged", command.AdmissionId, $"admission/{command.AdmissionId}", cancellationToken);
            return await reader.ReadAsync(command.AdmissionId, cancellationToken);
        }
    }

    private sealed record OpenAlert
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
        public string Reason { get; init; } = "";
    }
}
