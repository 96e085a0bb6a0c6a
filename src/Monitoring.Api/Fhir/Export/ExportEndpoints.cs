using Hl7.Fhir.Model;
using Mediator;
using Microsoft.AspNetCore.Http.Extensions;
using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir.Export;

/// <summary>
/// FHIR Bulk Data Access for a ward: kick-off (<c>Prefer: respond-async</c>, 202 and a status URL), status
/// polling (202 with <c>X-Progress</c>, then 200 and the manifest), the NDJSON files, and removal.
/// Physicians of the ward and managers only.
/// </summary>
public static class ExportEndpoints
{
    public const string StatusPath = "/$export-status";
    public const string FilePath = "/$export-file";

    public static IEndpointRouteBuilder MapFhirExport(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Group/{ward}/$export", StartAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Physician, Roles.Manager));
        fhir.MapGet(StatusPath + "/{id:guid}", StatusAsync);
        fhir.MapDelete(StatusPath + "/{id:guid}", CancelAsync);
        fhir.MapGet(FilePath + "/{id:guid}/{file}", DownloadAsync);
        return fhir;
    }

    private static async Task<IResult> StartAsync(string ward, HttpRequest request, FhirSources sources, IMediator mediator, CancellationToken cancellationToken)
    {
        if (!request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw new FhirSearchException("$export runs in the background: send 'Prefer: respond-async'.");
        }
        var (types, since) = StartExport.Parse(request.Query, [.. sources.All.Select(s => s.ResourceType)]);
        var id = await mediator.Send(new StartExport.Command(ward, request.GetEncodedUrl(), types, since), cancellationToken);
        request.HttpContext.Response.Headers.ContentLocation = $"{FhirBundles.BaseUrl(request)}{StatusPath}/{id}";
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> StatusAsync(Guid id, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var job = await mediator.Send(new ExportStatus.Query(id), cancellationToken);
        switch (job.Status)
        {
            case ExportStatuses.Completed:
                request.HttpContext.Response.Headers.Expires = job.ExpiresAt.ToString("R");
                return TypedResults.Json(ExportStatus.Manifest(job, FhirBundles.BaseUrl(request)), statusCode: StatusCodes.Status200OK);
            case ExportStatuses.Failed:
                return new FhirResult(FhirOutcomes.Outcome(OperationOutcome.IssueType.Exception, job.Error ?? "The export failed."), StatusCodes.Status500InternalServerError);
            default:
                request.HttpContext.Response.Headers["X-Progress"] = job.Progress ?? job.Status;
                request.HttpContext.Response.Headers.RetryAfter = "2";
                return TypedResults.Accepted((string?)null);
        }
    }

    private static async Task<IResult> CancelAsync(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new ExportStatus.Cancel(id), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> DownloadAsync(Guid id, string file, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.PhysicalFile(await mediator.Send(new ExportStatus.Download(id, file), cancellationToken), FhirJson.NdjsonMediaType);
}

public sealed class ExportOperation : IFhirOperation
{
    public string ResourceType => "Group";
    public string Name => "export";
    public string Definition => "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export";
    public string Documentation => "GET /fhir/Group/{ward}/$export with Prefer: respond-async: the ward's resources as NDJSON, one file a type; "
        + "_type and _since honoured; poll the Content-Location (X-Progress) for the manifest; files removed 24 h after; physicians of the ward and managers.";
}
