using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Alerts;

public static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wards/{ward}/alerts", ListAsync).WithTags("Alerts").RequireAuthorization(Policies.AnyRole);
        var alerts = app.MapGroup("/api/alerts/{id:guid}").WithTags("Alerts").RequireAuthorization(Policies.Clinician);
        alerts.MapPost("/acknowledge", AcknowledgeAsync);
        alerts.MapPost("/resolve", ResolveAsync);
        alerts.MapPost("/responses", RespondAsync);
        app.MapPost("/api/admissions/{id:guid}/alerts/acknowledge", AcknowledgeAllAsync).WithTags("Alerts").RequireAuthorization(Policies.Clinician);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AlertView>>> ListAsync(string ward, string? status, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListWardAlerts.Query(ward, status), cancellationToken));

    private static async Task<Ok<AlertView>> AcknowledgeAsync(
        Guid id,
        ChangeAlert.Body? body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ChangeAlert.Acknowledge(id, body?.Note) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Ok<IReadOnlyList<AlertView>>> AcknowledgeAllAsync(
        Guid id,
        ChangeAlert.Body? body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new AcknowledgeAll.Command(id, body?.Note) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Ok<AlertView>> ResolveAsync(
        Guid id,
        ChangeAlert.ResolveBody body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ChangeAlert.Resolve(id, body.Note, body.Outcome) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Created<AlertView>> RespondAsync(
        Guid id,
        RecordResponse.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var alert = await mediator.Send(new RecordResponse.Command(id, body.Action, body.At, body.Note) { IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/alerts/{id}", alert);
    }
}
