using Mediator;
using Monitoring.Api.Fhir.Export;
using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir;

/// <summary>
/// <c>/fhir</c>: FHIR R4 JSON. Patients, encounters and flags for any role (as admissions and alerts are);
/// observations, administrations and <c>$everything</c> for nurses and physicians (as the timeline is).
/// </summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(FhirOutcomes.PathPrefix).WithTags("FHIR").RequireAuthorization(Policies.AnyRole);
        fhir.MapGet("/metadata", async (HttpRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            new FhirResult(await mediator.Send(new GetCapabilities.Query(FhirBundles.BaseUrl(request)), cancellationToken)));
        foreach (var (type, policy) in new[]
        {
            ("Patient", Policies.AnyRole), ("Encounter", Policies.AnyRole), ("Flag", Policies.AnyRole),
            ("Observation", Policies.Clinician), ("MedicationAdministration", Policies.Clinician),
        })
        {
            fhir.MapGet($"/{type}", async (HttpRequest request, IMediator mediator, CancellationToken cancellationToken) =>
                new FhirResult(await mediator.Send(new SearchResources.Query(type, request), cancellationToken))).RequireAuthorization(policy);
            fhir.MapGet($"/{type}/{{id}}", async (string id, IMediator mediator, CancellationToken cancellationToken) =>
                new FhirResult(await mediator.Send(new ReadResource.Query(type, id), cancellationToken))).RequireAuthorization(policy);
        }
        fhir.MapGet("/Patient/{id}/$everything", async (string id, HttpRequest request, IMediator mediator, CancellationToken cancellationToken) =>
            new FhirResult(await mediator.Send(new GetEverything.Query(id, request), cancellationToken))).RequireAuthorization(Policies.Clinician);
        fhir.MapFhirExport();
        return app;
    }
}
