using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Monitoring.Api.Hosting;

/// <summary>
/// <c>GET /openapi/v1.json</c>: every endpoint with its request and response types, the problem answers it
/// can give and the bearer scheme, so that another hospital system can integrate from the document alone.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string BearerScheme = "Bearer";
    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationProblemSchema = "HttpValidationProblemDetails";

    public static IServiceCollection AddMonitoringOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // Slices nest their Command and Response types: name schemas after the slice, or they collide.
            options.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id && type.Type.DeclaringType is { } slice
                ? slice.Name + id
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Detox unit withdrawal monitoring",
                    Version = "v1",
                    Description = "Charting, scores, alerts and census. Errors are RFC 9457 problem details; ward events are pushed over SignalR at /hubs/ward.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The accessToken from POST /api/auth/token.",
                };
                HealthPaths.Add(document);
                // Relative to wherever the document was fetched: never a URL taken from the request's Host header,
                // which a client chooses (a cached or shared copy would point others at the attacker's host).
                document.Servers = [new OpenApiServer { Url = "/" }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeProblemsAsync);
        });

    public static WebApplication MapMonitoringOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            // The interactive reference is a developer's tool; production serves only the document.
            app.MapScalarApiReference().AllowAnonymous();
        }
        return app;
    }

    // Endpoints declare their success type; the problem answers follow from what the endpoint is.
    private static async Task DescribeProblemsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasRouteValues = context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var writes = method is "POST" or "PUT";

        var problem = await ReferenceAsync(context, typeof(ProblemDetails), ProblemSchema, cancellationToken);
        var validation = await ReferenceAsync(context, typeof(HttpValidationProblemDetails), ValidationProblemSchema, cancellationToken);
        operation.Responses ??= new OpenApiResponses();
        if (writes || context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
        {
            Add(operation, "400", "The input is invalid; errors names each field. Nothing was changed.", validation);
        }
        if (secured)
        {
            Add(operation, "401", "No valid bearer token.", problem);
            Add(operation, "403", "The caller's role or wards do not allow this.", problem);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }
        if (hasRouteValues)
        {
            Add(operation, "404", "No such resource on a ward the caller may see.", problem);
        }
        if (writes)
        {
            Add(operation, "409", "Conflicts with the current state, or an Idempotency-Key reused with another body.", problem);
            Add(operation, "413", "The body is larger than the service accepts.", problem);
            Add(operation, "415", "The body is not application/json.", problem);
        }
        Add(operation, "500", "The service failed; the change was not made.", problem);
    }

    private static async Task<IOpenApiSchema> ReferenceAsync(OpenApiOperationTransformerContext context, Type type, string id, CancellationToken cancellationToken)
    {
        if (context.Document is { } document && document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }
        return new OpenApiSchemaReference(id, context.Document);
    }

    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        });
}
