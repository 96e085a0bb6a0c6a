using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Observations;

public static class ObservationsEndpoints
{
    public static IEndpointRouteBuilder MapObservationsEndpoints(this IEndpointRouteBuilder app)
    {
        var admissions = app.MapGroup("/api/admissions/{id:guid}").WithTags("Charting");
        admissions.MapPost("/vitals", RecordVitalsAsync).RequireAuthorization(Policies.Charting);
        admissions.MapPost("/vitals/batch", RecordVitalsBatchAsync).RequireAuthorization(Policies.Charting);

        app.MapGroup("/api/observations").WithTags("Charting")
            .MapPost("/{id:guid}/entered-in-error", MarkEnteredInErrorAsync).RequireAuthorization(Policies.Clinician);
        app.MapVitalsPreview();
        app.MapObservationsNotDone();
        return app;
    }

    private static async Task<Created<RecordVitals.Response>> RecordVitalsAsync(
        Guid id,
        RecordVitals.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(command with { AdmissionId = id, IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/admissions/{id}/timeline#{recorded.Id}", recorded);
    }

    private static async Task<Created<RecordVitalsBatch.Response>> RecordVitalsBatchAsync(
        Guid id,
        RecordVitalsBatch.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(command with { AdmissionId = id, IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/admissions/{id}/timeline", recorded);
    }

    private static async Task<Ok<Correction>> MarkEnteredInErrorAsync(
        Guid id,
        MarkEnteredInError.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new MarkEnteredInError.Command(id, body.Reason) { IdempotencyKey = idempotencyKey }, cancellationToken));
}
