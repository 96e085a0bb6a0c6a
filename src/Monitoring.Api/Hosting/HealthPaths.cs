using System.Net.Mime;
using Microsoft.OpenApi;

namespace Monitoring.Api.Hosting;

/// <summary>Health checks are mapped outside minimal APIs, so the document names them itself.</summary>
public static class HealthPaths
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    public static void Add(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths[Live] = Path("The process answers.", "Health");
        document.Paths[Ready] = Path("The database answers a query; route traffic only to a ready instance (503 otherwise).", "Health");
    }

    private static OpenApiPathItem Path(string description, string tag) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = description,
                Tags = new HashSet<OpenApiTagReference> { new(tag) },
                Responses = new OpenApiResponses
                {
                    ["200"] = Text("Healthy"),
                    ["503"] = Text("Unhealthy"),
                },
            },
        },
    };

    private static OpenApiResponse Text(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [MediaTypeNames.Text.Plain] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
    };
}
