using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Observations;

/// <summary>
/// An observation that could not be done (asleep, declined, unavailable): recorded and audited, but it answers
/// nothing: the patient stays due, a retry is due within 30 min, and the overdue alert names it.
/// </summary>
public static class RecordNotDone
{
    public static readonly IReadOnlyList<string> Reasons = ["asleep", "declined", "unavailable", "other"];

    public sealed record Command(Guid AdmissionId, string? Kind, string? Reason, string? Note, DateTimeOffset? At) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed record Response(Guid Id, Guid AdmissionId, string Kind, string Reason, string? Note, DateTimeOffset At, DateTimeOffset RetryDueAt);

    internal static IEndpointRouteBuilder MapObservationsNotDone(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admissions/{id:guid}/observations-not-done", RecordAsync).WithTags("Charting").RequireAuthorization(Policies.Charting);
        return app;
    }

    private static async Task<Created<Response>> RecordAsync(
        Guid id,
        Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(command with { AdmissionId = id, IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/admissions/{id}/timeline", recorded);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Kind).Must(kind => kind == ObservationScheduler.VitalsKind || AssessmentScales.Find(kind ?? "") is not null)
                .WithMessage($"kind is {ObservationScheduler.VitalsKind} or a scale: {string.Join(", ", AssessmentScales.All.Select(s => s.Kind))}.");
            RuleFor(c => c.Reason).Must(reason => Reasons.Contains(reason))
                .WithMessage($"reason is one of {string.Join(", ", Reasons)}.");
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c.Note).NotEmpty().When(c => c.Reason == "other").WithMessage("Say what stopped the observation when the reason is other.");
            RuleFor(c => c.At).Must(at => at is null || at <= clock.GetUtcNow() + ObservationTime.AllowedSkew).WithMessage("at is in the future.")
                .Must(at => at is null || at >= clock.GetUtcNow() - ObservationTime.MaximumAge).WithMessage("at is more than 24 h ago: check the date.");
        }
    }

    private const string Insert = """
        INSERT INTO observations_not_done (id, admission_id, kind, reason, note, at, recorded_at, recorded_by)
        VALUES (@Id, @AdmissionId, @Kind, @Reason, @Note, @At, @RecordedAt, @RecordedBy)
        """;

    private const string DueOfKind = "SELECT next_due FROM observation_schedules WHERE admission_id = @AdmissionId AND kind = @Kind";

    public sealed class Handler(DbSession session, AdmissionAccess access, CurrentUser user, AuditTrail audit, Outbox outbox, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var kind = command.Kind!;
            var admission = await access.GetOpenForChartingAsync(command.AdmissionId, kind, cancellationToken);
            var now = clock.GetUtcNow();
            var (at, _) = ObservationTime.AtMostNow(command.At?.ToUniversalTime() ?? now, now);
            ObservationTime.EnsureWithinAdmission(at, admission);
            var id = Guid.CreateVersion7();
            await session.ExecuteAsync(Insert, new { Id = id, command.AdmissionId, Kind = kind, command.Reason, command.Note, At = at, RecordedAt = now, RecordedBy = user.Id }, cancellationToken);

            // Still due: a time already passed stays (the round is still missed); a later one comes forward to the retry.
            var retry = NotDoneRounds.Retry(at, kind);
            var due = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(DueOfKind, new { command.AdmissionId, Kind = kind }, cancellationToken);
            if (due is null || due > retry.At)
            {
                await ObservationScheduler.SetAsync(session, command.AdmissionId, kind, retry, cancellationToken);
                due = retry.At;
            }
            outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
            await audit.RecordAsync("observation.not-done", command.AdmissionId, $"admission/{command.AdmissionId}/not-done/{id}", cancellationToken);
            return new Response(id, command.AdmissionId, kind, command.Reason!, command.Note, at, due.Value);
        }
    }
}
