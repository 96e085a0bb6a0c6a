using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary><c>GET /openapi/v1.json</c> describes every mapped route, its bodies, its problem answers and the bearer scheme.</summary>
[NonParallelizable]
public sealed partial class OpenApiTests
{
    private InProcessService _service = null!;
    private JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _service = await InProcessService.StartAsync();
        using var anonymous = _service.CreateClient();
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the document is served without signing in");
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public void Every_mapped_route_and_method_is_in_the_document()
    {
        var paths = _document["paths"]!.AsObject();
        var mapped = _service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Where(endpoint => !endpoint.RoutePattern.RawText!.StartsWith("/hubs/", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Path: Normalise(endpoint.RoutePattern.RawText!), Method: method.ToLowerInvariant())))
            .Distinct()
            .ToList();
        var described = paths.SelectMany(path => path.Value!.AsObject().Select(operation => (Path: Normalise(path.Key), Method: operation.Key))).ToList();

        Assert.Multiple(() =>
        {
            // The suite fails here first if the composition maps nothing: a vacuous pass is no pass.
            Assert.That(mapped, Has.Count.GreaterThan(20));
            Assert.That(mapped.Select(route => route.Path), Does.Contain("/api/admissions/{id}/vitals").And.Contain("/health/ready"));
            Assert.That(mapped.Except(described), Is.Empty, "mapped but not described");
        });
    }

    [Test]
    public void Secured_operations_name_the_bearer_scheme_and_their_problem_answers()
    {
        var scheme = _document["components"]!["securitySchemes"]!["Bearer"]!;
        var vitals = _document["paths"]!["/api/admissions/{id}/vitals"]!["post"]!;
        var token = _document["paths"]!["/api/auth/token"]!["post"]!;
        var cows = _document["paths"]!["/api/admissions/{id}/cows"]!["post"]!;
        static string? BodyOf(JsonNode operation) => (string?)operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"];

        Assert.Multiple(() =>
        {
            Assert.That((string?)scheme["type"], Is.EqualTo("http"));
            Assert.That((string?)scheme["scheme"], Is.EqualTo("bearer"));
            Assert.That(vitals["security"]!.AsArray().Single()!.AsObject().ContainsKey("Bearer"), Is.True);
            Assert.That(BodyOf(vitals), Is.EqualTo("#/components/schemas/RecordVitalsCommand"));
            Assert.That(BodyOf(cows), Does.StartWith("#/components/schemas/").And.Not.EqualTo(BodyOf(vitals)), "each slice its own body schema");
            Assert.That(vitals["responses"]!["201"]!["content"]!["application/json"]!["schema"], Is.Not.Null);
            foreach (var status in new[] { "400", "401", "403", "404", "409" })
            {
                Assert.That(vitals["responses"]![status]?["content"]?["application/problem+json"], Is.Not.Null, status);
            }
            Assert.That(token["security"], Is.Null, "signing in needs no token");
            Assert.That(token["responses"]!.AsObject().ContainsKey("401"), Is.False);
            Assert.That(_document["components"]!["schemas"]!.AsObject().ContainsKey("HttpValidationProblemDetails"), Is.True);
        });
    }

    [Test]
    public async Task The_server_url_is_relative_whatever_the_host_header_says()
    {
        using var anonymous = _service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";
        using var response = await anonymous.SendAsync(request);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(document["servers"]!.AsArray().Select(server => (string?)server!["url"]), Is.EqualTo(new[] { "/" }));
    }

    [Test]
    public async Task The_interactive_reference_is_only_served_in_development()
    {
        using var production = _service.CreateClient();
        using var absent = await production.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        Assert.That(absent.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));

        await using var development = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var client = development.CreateClient();
        using var page = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("openapi/v1.json"));
    }

    private static string Normalise(string route) => "/" + Parameter().Replace(route, "{$1}").Trim('/');

    [GeneratedRegex(@"\{\*?([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}
