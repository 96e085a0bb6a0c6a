using System.Net;
using System.Text.Json.Nodes;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>Reads /fhir answers: every one must be application/fhir+json, errors an OperationOutcome.</summary>
public static class FhirClient
{
    public static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"), $"{path}: {text}");
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public static async Task<JsonObject> OkAsync(HttpClient client, string path)
    {
        var (status, body) = await GetAsync(client, path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{path}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Asserts an OperationOutcome with the status and an error issue.</summary>
    public static async Task<string> OutcomeAsync(HttpClient client, string path, HttpStatusCode status)
    {
        var (actual, body) = await GetAsync(client, path);
        Assert.That(actual, Is.EqualTo(status), $"{path}: {body.ToJsonString()}");
        Assert.That((string?)body["resourceType"], Is.EqualTo("OperationOutcome"));
        var issue = body["issue"]!.AsArray()[0]!;
        Assert.That((string?)issue["severity"], Is.EqualTo("error"));
        return (string?)issue["diagnostics"] ?? "";
    }

    /// <summary>Every resource of a search, following next links; each page no larger than asked.</summary>
    public static async Task<List<JsonObject>> AllPagesAsync(HttpClient client, string path, int? pageSize = null)
    {
        var resources = new List<JsonObject>();
        string? next = path;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.That(pages, Is.LessThan(10_000), "The next links never end.");
            var bundle = await OkAsync(client, next);
            Assert.That((string?)bundle["type"], Is.EqualTo("searchset"));
            var entries = bundle["entry"]?.AsArray() ?? [];
            if (pageSize is { } size)
            {
                Assert.That(entries, Has.Count.LessThanOrEqualTo(size));
            }
            resources.AddRange(entries.Select(e => e!["resource"]!.AsObject()));
            next = (string?)bundle["link"]!.AsArray().FirstOrDefault(l => (string?)l!["relation"] == "next")?["url"];
        }
        return resources;
    }

    public static IEnumerable<string> Ids(IEnumerable<JsonObject> resources) => resources.Select(r => $"{(string?)r["resourceType"]}/{(string?)r["id"]}");

    public static string Code(JsonObject resource) => (string)resource["code"]!["coding"]![0]!["code"]!;
}
