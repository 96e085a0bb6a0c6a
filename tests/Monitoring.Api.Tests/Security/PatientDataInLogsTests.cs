using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>
/// A service of its own, logging everything down to Debug (more than is shipped), charts, reads and fails
/// with a patient whose name, MRN and note are distinctive; its whole output must hold none of them,
/// nor a hub access token sent in a query string.
/// </summary>
[TestFixture]
public sealed class PatientDataInLogsTests
{
    private const string Name = "Zebulon Quartermaine";
    private const string Note = "Confided-about-Xylophone-Hill";
    private const string HubToken = "eyJhubTokenThatMustNotBeLogged0123456789";
    private readonly string _mrn = "MRN" + Random.Shared.Next(100_000, 999_999) + "QX";
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _service = await ServiceProcess.StartAsync(Store.Sqlite, [
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
            "--Logging:LogLevel:Polly=Debug",
        ]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task No_name_mrn_note_or_hub_token_reaches_the_output_at_any_level()
    {
        using var admin = _service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        await SendAsync(admin, HttpMethod.Post, "/api/wards", new { code = "LG", name = "Ward LG", beds = new[] { "LG-01", "LG-02" } }, HttpStatusCode.Created);
        await SendAsync(admin, HttpMethod.Post, "/api/users", new { username = "log-nurse", password = "charting-secret-42", role = "nurse", wards = new[] { "LG" } }, HttpStatusCode.Created);
        using var nurse = _service.CreateClient(await TokenAsync("log-nurse", "charting-secret-42"));
        await SendAsync(admin, HttpMethod.Post, "/api/users", new { username = "log-physician", password = "reviewing-secret-42", role = "physician", wards = new[] { "LG" } }, HttpStatusCode.Created);
        using var physician = _service.CreateClient(await TokenAsync("log-physician", "reviewing-secret-42"));
        var admission = new { mrn = _mrn, displayName = Name, dateOfBirth = "1979-02-03", ward = "LG", bed = "LG-01", substances = new[] { "opioid" }, spo2Scale = 1 };
        var created = await SendAsync(nurse, HttpMethod.Post, "/api/admissions", admission, HttpStatusCode.Created);
        var id = (string)created["id"]!;

        var vitals = new Dictionary<string, object?>
        {
            ["observedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
            ["respiratoryRate"] = 7,
            ["spo2"] = 91,
            ["onOxygen"] = false,
            ["systolicBp"] = 88,
            ["diastolicBp"] = 50,
            ["heartRate"] = 130,
            ["temperatureC"] = 35.0m,
            ["consciousness"] = "V",
            ["sedation"] = "3",
            ["note"] = Note,
        };
        await SendAsync(nurse, HttpMethod.Post, $"/api/admissions/{id}/vitals", vitals, HttpStatusCode.Created);
        vitals["spo2"] = 140;
        await SendAsync(nurse, HttpMethod.Post, $"/api/admissions/{id}/vitals", vitals, HttpStatusCode.BadRequest);
        await SendAsync(nurse, HttpMethod.Post, "/api/admissions", admission with { bed = "LG-02" }, HttpStatusCode.Conflict);
        await SendAsync(nurse, HttpMethod.Get, $"/api/admissions/{id}", null, HttpStatusCode.OK);
        await SendAsync(nurse, HttpMethod.Get, $"/api/admissions/{id}/timeline", null, HttpStatusCode.OK);
        await SendAsync(nurse, HttpMethod.Get, "/api/wards/LG/board", null, HttpStatusCode.OK);
        // Open high alerts: a nurse's discharge is refused naming them; a physician's with a reason goes through.
        await SendAsync(nurse, HttpMethod.Post, $"/api/admissions/{id}/discharge", new { note = Note }, HttpStatusCode.Conflict);
        await SendAsync(physician, HttpMethod.Post, $"/api/admissions/{id}/discharge", new { note = Note, reason = Note }, HttpStatusCode.OK);
        await SendAsync(nurse, HttpMethod.Post, $"/api/admissions/{id}/discharge", new { note = Note }, HttpStatusCode.Conflict);
        using var anonymous = _service.CreateClient();
        using (await anonymous.PostAsync(new Uri($"/hubs/ward/negotiate?negotiateVersion=1&access_token={HubToken}", UriKind.Relative), null))
        using (await anonymous.GetAsync(new Uri($"/hubs/ward?id=unknown&access_token={HubToken}", UriKind.Relative)))
        {
        }
        // The console logger writes on a thread of its own: wait for the last requests' lines, then for the output to settle.
        var output = await OutputWithAsync($"/api/admissions/{id}/discharge", "request path '/hubs/ward'");
        Assert.That(output, Does.Contain("Now listening"), "the test sees the service's output");
        Assert.That(output.Split('\n'), Has.Length.GreaterThan(50), "the requests above were logged");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Not.Contain("Zebulon").And.Not.Contain("Quartermaine"), "name");
            Assert.That(output, Does.Not.Contain(_mrn), "MRN");
            Assert.That(output, Does.Not.Contain("Xylophone"), "note");
            Assert.That(output, Does.Not.Contain("1979-02-03"), "date of birth");
            Assert.That(output, Does.Not.Contain(HubToken), "hub access token");
        });
    }

    private async Task<string> OutputWithAsync(params string[] lines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var (length, unchanged) = (-1, 0);
        while (DateTime.UtcNow < deadline && unchanged < 3)
        {
            var output = _service.Output;
            unchanged = lines.All(output.Contains) && output.Length == length ? unchanged + 1 : 0;
            length = output.Length;
            await Task.Delay(200);
        }
        var settled = _service.Output;
        Assert.That(lines.Where(line => !settled.Contains(line, StringComparison.Ordinal)), Is.Empty, $"request lines missing from the log, which ends:\n{string.Join('\n', settled.Split('\n').TakeLast(40))}");
        return settled;
    }

    private async Task<string> TokenAsync(string username, string password)
    {
        using var client = _service.CreateClient();
        var body = await SendAsync(client, HttpMethod.Post, "/api/auth/token", new { username, password }, HttpStatusCode.OK);
        return (string)body["accessToken"]!;
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{method} {path}: {text}");
        return text.Length > 0 && text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : [];
    }
}
