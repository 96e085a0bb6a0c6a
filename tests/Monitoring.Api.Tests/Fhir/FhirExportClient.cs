using System.Net;
using System.Text.Json.Nodes;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>Drives a bulk export as a client of FHIR Bulk Data Access does: kick-off, polling, download.</summary>
public static class FhirExportClient
{
    public static async Task<Uri> StartAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Prefer", "respond-async");
        request.Headers.Add("Accept", "application/fhir+json");
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return response.Content.Headers.ContentLocation ?? throw new AssertionException("No Content-Location.");
    }

    /// <summary>Polls until the manifest; every answer before it is a 202 with X-Progress.</summary>
    public static async Task<JsonObject> ManifestAsync(HttpClient client, Uri status)
    {
        for (var poll = 0; poll < 600; poll++)
        {
            using var response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            }
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.Contains("X-Progress"), Is.True);
            await Task.Delay(100);
        }
        throw new AssertionException("The export never finished.");
    }

    /// <summary>Every resource of every file of the manifest, by type.</summary>
    public static async Task<Dictionary<string, List<JsonObject>>> DownloadAsync(HttpClient client, JsonObject manifest)
    {
        var resources = new Dictionary<string, List<JsonObject>>();
        foreach (var output in manifest["output"]!.AsArray())
        {
            using var response = await client.GetAsync(new Uri((string)output!["url"]!));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+ndjson"));
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var type = (string)output["type"]!;
            resources[type] = [.. lines.Select(line => JsonNode.Parse(line)!.AsObject())];
            Assert.That(resources[type], Has.Count.EqualTo((int)output["count"]!));
            Assert.That(resources[type].Select(r => (string?)r["resourceType"]), Is.All.EqualTo(type));
        }
        return resources;
    }
}
