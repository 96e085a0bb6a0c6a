using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.Api.Fhir;

/// <summary>FHIR R4 JSON through the Firely SDK's System.Text.Json converters.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";
    public const string ContentType = MediaType + "; charset=utf-8";
    public const string NdjsonMediaType = "application/fhir+ndjson";

    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);

    public static byte[] SerializeToUtf8(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), Options);
}

/// <summary>A resource answered as <c>application/fhir+json</c>.</summary>
public sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK) : IResult
{
    public Resource Resource { get; } = resource;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = FhirJson.ContentType;
        await httpContext.Response.Body.WriteAsync(FhirJson.SerializeToUtf8(Resource), httpContext.RequestAborted);
    }
}
