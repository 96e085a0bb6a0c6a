using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>Escalation and overdue observations, with time moved by the test rather than waited for.</summary>
[NonParallelizable]
public sealed class AlertTimingTests
{
    private InProcessService _service = null!;
    private HttpClient _nurse = null!;
    private const string Ward = "T1";

    [SetUp]
    public async Task StartAsync()
    {
        _service = await InProcessService.StartAsync();
        using var anonymous = _service.CreateClient();
        var adminToken = await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword);
        using var admin = _service.CreateClient(adminToken);
        using var ward = await admin.PostAsJsonAsync("/api/wards", new { code = Ward, name = "Timing", beds = new[] { "T1-01", "T1-02" } });
        using var user = await admin.PostAsJsonAsync("/api/users", new { username = "timing-nurse", password = "timing-password-1", role = "nurse", wards = new[] { Ward } });
        _nurse = _service.CreateClient(await TokenAsync(anonymous, "timing-nurse", "timing-password-1"));
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

    private async Task<string> AdmitAsync(string bed = "T1-01")
    {
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = "P", dateOfBirth = "1980-01-01", ward = Ward, bed, substances = new[] { "opioid" } });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private Task<HttpResponseMessage> ChartAsync(string admission, int rate = 16, string sedation = "1") => _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new
    {
        observedAt = _service.Clock.GetUtcNow().ToString("O"),
        respiratoryRate = rate,
        spo2 = 97,
        onOxygen = false,
        systolicBp = 124,
        diastolicBp = 78,
        heartRate = 72,
        temperatureC = 36.8,
        consciousness = "A",
        sedation,
    });

    private Task<HttpResponseMessage> ChartCowsAsync(string admission) => _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new
    {
        observedAt = _service.Clock.GetUtcNow().ToString("O"),
        items = new { restingPulseRate = 0, sweating = 0, restlessness = 0, pupilSize = 0, boneJointAches = 0, runnyNoseTearing = 0, giUpset = 0, tremor = 0, yawning = 0, anxietyIrritability = 0, goosefleshSkin = 0 },
    });

    private async Task<JsonNode?> AlertAsync(string code, string status = "open") =>
        (await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status={status}"))!.FirstOrDefault(a => (string?)a!["code"] == code);

    [Test]
    public async Task High_alert_unacknowledged_escalates_at_two_minutes_once()
    {
        var admission = await AdmitAsync();
        using var _ = await ChartAsync(admission, rate: 7);

        _service.Clock.Advance(TimeSpan.FromSeconds(119));
        await _service.SweepAsync();
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.False);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        await _service.SweepAsync();
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.True);
    }

    [Test]
    public async Task Medium_alert_escalates_at_fifteen_minutes_and_acknowledged_ones_never()
    {
        var first = await AdmitAsync();
        var second = await AdmitAsync("T1-02");
        using var a = await ChartAsync(first, sedation: "3");
        using var b = await ChartAsync(second, sedation: "3");
        var acknowledged = (await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts"))!
            .First(x => (string?)x!["code"] == "oversedation" && (string?)x["admissionId"] == second)!;
        using var ack = await _nurse.PostAsJsonAsync($"/api/alerts/{acknowledged["id"]}/acknowledge", new { note = "seen" });

        _service.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        var alerts = await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        Assert.That(alerts!.Where(x => (string?)x!["code"] == "oversedation").Select(x => (bool?)x!["escalated"]), Is.All.False);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        alerts = await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        var byAdmission = alerts!.Where(x => (string?)x!["code"] == "oversedation").ToDictionary(x => (string)x!["admissionId"]!, x => (bool)x!["escalated"]!);
        Assert.That(byAdmission[first], Is.True);
        Assert.That(byAdmission[second], Is.False);
    }

    [Test]
    public async Task Observations_overdue_fifteen_minutes_after_due_and_charting_resolves_it()
    {
        var admission = await AdmitAsync();
        using var vitals = await ChartAsync(admission);
        using var cows = await ChartCowsAsync(admission);

        // COWS 0 is due again in 4 h; NEWS2 0 vitals in 12 h.
        _service.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        Assert.That(await AlertAsync("observations-overdue"), Is.Null);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepAsync();
        await _service.SweepAsync();
        var overdue = await AlertAsync("observations-overdue");
        Assert.That(overdue, Is.Not.Null);
        Assert.That((string?)overdue!["priority"], Is.EqualTo("medium"));
        Assert.That((string?)overdue["reason"], Does.StartWith("COWS due at"));
        var open = await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        Assert.That(open!.Count(x => (string?)x!["code"] == "observations-overdue"), Is.EqualTo(1));

        using var charted = await ChartCowsAsync(admission);
        Assert.That(await AlertAsync("observations-overdue"), Is.Null);
        Assert.That((string?)(await AlertAsync("observations-overdue", "resolved"))!["resolveNote"], Does.StartWith("Observations charted"));
    }

    [Test]
    public async Task A_new_admission_is_due_its_baseline_within_the_hour()
    {
        await AdmitAsync();
        _service.Clock.Advance(TimeSpan.FromMinutes(75));
        await _service.SweepAsync();
        Assert.That((string?)(await AlertAsync("observations-overdue"))?["reason"], Does.Contain("baseline after admission"));
    }
}
