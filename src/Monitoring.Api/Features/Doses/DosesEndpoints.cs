using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Doses;

public static class DosesEndpoints
{
    public static IEndpointRouteBuilder MapDosesEndpoints(this IEndpointRouteBuilder app)
    {
        var admissions = app.MapGroup("/api/admissions/{id:guid}").WithTags("Doses");
        admissions.MapPost("/doses", RecordAsync).RequireAuthorization(Policies.Clinician);
        admissions.MapGet("/doses", ListAsync).RequireAuthorization(Policies.Clinician);
        app.MapGet("/api/medications", MedicationsAsync).WithTags("Doses").RequireAuthorization(Policies.AnyRole);
        return app;
    }

    private static async Task<Created<RecordDose.Response>> RecordAsync(
        Guid id,
        RecordDose.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(command with { AdmissionId = id, IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/admissions/{id}/timeline#{recorded.Id}", recorded);
    }

    private static async Task<Ok<ListDoses.DosesView>> ListAsync(Guid id, DateTimeOffset? since, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListDoses.Query(id, since), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ListMedications.MedicationView>>> MedicationsAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListMedications.Query(), cancellationToken));
}
