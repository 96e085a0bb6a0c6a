using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Charting;

/// <summary>
/// An observation that could not be done (asleep, declined, unavailable): recorded and audited, but it answers
/// nothing: the patient stays due, a retry is due within 30 min, and the overdue alert names it.
/// </summary>
public static class RecordNotDone
{
    public static readonly IReadOnlyList<string> Reasons = ["asleep", "declined", "unavailable", "other"];

    /// <summary>How soon a retry is due after an observation was not done.</summary>
    public static readonly TimeSpan RetryWithin = TimeSpan.FromMinutes(30);

    public sealed record Command(Guid AdmissionId, string? Kind, string? Reason, string? Note, DateTimeOffset? At) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }
    }

    /// <summary>The retry a round not done at <paramref name="at"/> calls for.</summary>
    public static Due Retry(DateTimeOffset at, string kind) =>
        new(at + RetryWithin, $"retry within {RetryWithin.TotalMinutes:0} min: {ObservationScheduler.NameOf(kind).ToLowerInvariant()} not done");

    public sealed record Response(Guid Id, Guid AdmissionId, string Kind, string Reason, string? Note, DateTimeOffset At, DateTimeOffset RetryDueAt);

    /// <summary>A round not done, as the timeline shows it beside what was charted.</summary>
    public sealed record NotDoneView
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Reason { get; init; } = "";
        public string? Note { get; init; }
        public DateTimeOffset At { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
    }

    private const string PageOfAdmission = """
        SELECT n.id AS Id, n.kind AS Kind, n.reason AS Reason, n.note AS Note, n.at AS At, n.recorded_at AS RecordedAt, u.username AS RecordedBy
        FROM observations_not_done n
        JOIN users u ON u.id = n.recorded_by
        WHERE n.admission_id = @AdmissionId
        """;

    /// <summary>A page of the admission's rounds not done in (at, id) order, for the timeline.</summary>
    public static async Task<IReadOnlyList<NotDoneView>> PageAsync(DbSession session, TimePage page, CancellationToken cancellationToken) =>
        await session.QueryAsync<NotDoneView>(page.Sql(session.Dialect, PageOfAdmission, "n.at", "n.id"), page, cancellationToken);

    public static IEndpointRouteBuilder MapObservationsNotDone(this IEndpointRouteBuilder app)
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
            var retry = Retry(at, kind);
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
