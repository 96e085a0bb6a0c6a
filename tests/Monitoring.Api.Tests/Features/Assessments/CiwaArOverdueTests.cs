using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Assessments;

/// <summary>A CIWA-Ar not charted 15 minutes after it is due raises observations-overdue, as a COWS does.</summary>
[NonParallelizable]
public sealed class CiwaArOverdueTests
{
    private const string Ward = "C1";
    private InProcessService _service = null!;
    private HttpClient _nurse = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _service = await InProcessService.StartAsync();
        using var anonymous = _service.CreateClient();
        using var admin = _service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using var ward = await admin.PostAsJsonAsync("/api/wards", new { code = Ward, name = "CIWA", beds = new[] { "C1-01" } });
        using var user = await admin.PostAsJsonAsync("/api/users", new { username = "ciwa-nurse", password = "ciwa-password-1", role = "nurse", wards = new[] { Ward } });
        _nurse = _service.CreateClient(await TokenAsync(anonymous, "ciwa-nurse", "ciwa-password-1"));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _nurse.Dispose();
        await _service.DisposeAsync();
    }

    private static async Task<string> TokenAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    private async Task<JsonNode?> OverdueAsync(string status = "open") =>
        (await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status={status}"))!.FirstOrDefault(a => (string?)a!["code"] == "observations-overdue");

    [TestCase(4)]
    [TestCase(12)]
    public async Task Overdue_fifteen_minutes_after_the_next_ciwa_ar_is_due(int total)
    {
        using var admitted = await _nurse.PostAsJsonAsync("/api/admissions", new { mrn = "CIWA1", displayName = "P", dateOfBirth = "1970-01-01", ward = Ward, bed = "C1-01", substances = new[] { "alcohol" } });
        var admission = (string)(await admitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        // Vital signs with NEWS2 0 are due in 12 h: only CIWA-Ar can be overdue within the next hours.
        using var vitals = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new
        {
            observedAt = _service.Clock.GetUtcNow().ToString("O"),
            respiratoryRate = 16,
            spo2 = 97,
            onOxygen = false,
            systolicBp = 124,
            diastolicBp = 78,
            heartRate = 72,
            temperatureC = 36.8,
            consciousness = "A",
        });
        var items = new Dictionary<string, int>
        {
            ["nauseaVomiting"] = Math.Min(total, 7),
            ["tremor"] = Math.Max(0, total - 7),
            ["paroxysmalSweats"] = 0,
            ["anxiety"] = 0,
            ["agitation"] = 0,
            ["tactileDisturbances"] = 0,
            ["auditoryDisturbances"] = 0,
            ["visualDisturbances"] = 0,
            ["headache"] = 0,
            ["orientation"] = 0,
        };
        using var charted = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = _service.Clock.GetUtcNow().ToString("O"), items });
        Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await charted.Content.ReadAsStringAsync());

        var due = TimeSpan.FromHours(total >= 10 ? 1 : 4);
        _service.Clock.Advance(due + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        Assert.That(await OverdueAsync(), Is.Null);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        await _service.SweepAsync();
        var overdue = await OverdueAsync();
        Assert.That((string?)overdue?["reason"], Does.StartWith("CIWA-Ar due at").And.Contain($"CIWA-Ar {total}"));

        using var again = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = _service.Clock.GetUtcNow().ToString("O"), items });
        Assert.That(await OverdueAsync(), Is.Null);
    }
}
