using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Admissions;

public static class AdmissionsEndpoints
{
    public static IEndpointRouteBuilder MapAdmissionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admissions").WithTags("Admissions");
        group.MapPost("/", AdmitAsync).RequireAuthorization(Policies.Clinician);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.AnyRole);
        group.MapPost("/{id:guid}/discharge", DischargeAsync).RequireAuthorization(Policies.Clinician);
        group.MapPost("/{id:guid}/transfer", TransferAsync).RequireAuthorization(Policies.Clinician);
        group.MapPut("/{id:guid}/spo2-scale", ChangeSpo2ScaleAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Physician));
        group.MapPut("/{id:guid}/substances", ChangeSubstancesAsync).RequireAuthorization(Policies.Clinician);
        return app;
    }

    private static async Task<Created<AdmissionView>> AdmitAsync(
        Admit.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var admission = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/admissions/{admission.Id}", admission);
    }

    private static async Task<Ok<AdmissionView>> GetAsync(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetAdmission.Query(id), cancellationToken));

    private static async Task<Ok<AdmissionView>> DischargeAsync(
        Guid id,
        Discharge.Body? body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Discharge.Command(id, body?.Note, body?.Reason) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Ok<AdmissionView>> TransferAsync(
        Guid id,
        Transfer.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Transfer.Command(id, body.Bed) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Ok<AdmissionView>> ChangeSpo2ScaleAsync(
        Guid id,
        ChangeSpo2Scale.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ChangeSpo2Scale.Command(id, body.Scale, body.Reason) { IdempotencyKey = idempotencyKey }, cancellationToken));

    private static async Task<Ok<AdmissionView>> ChangeSubstancesAsync(
        Guid id,
        ChangeSubstances.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ChangeSubstances.Command(id, body.Substances) { IdempotencyKey = idempotencyKey }, cancellationToken));
}
