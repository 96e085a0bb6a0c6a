using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// A service in this process on a fake clock, started afresh for each test, with a ward of its own and a
/// nurse signed in to it: for tests that move time on rather than wait for it.
/// </summary>
public abstract class FakeClockWardTest(string ward, params string[] beds)
{
    private const string NursePassword = "fake-clock-password-1";

    protected string Ward { get; } = ward;

    protected IReadOnlyList<string> Beds { get; } = beds;

    protected InProcessService Service { get; private set; } = null!;

    protected HttpClient Nurse { get; private set; } = null!;

    /// <summary>The nurse's access token, for a board (the hub client) of the nurse's own.</summary>
    protected string NurseToken { get; private set; } = "";

    [SetUp]
    public async Task StartServiceAsync()
    {
        Service = await InProcessService.StartAsync();
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using var created = await admin.PostAsJsonAsync("/api/wards", new { code = Ward, name = $"Ward {Ward}", beds = Beds });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var user = await admin.PostAsJsonAsync("/api/users", new { username = $"{Ward.ToLowerInvariant()}-nurse", password = NursePassword, role = "nurse", wards = new[] { Ward } });
        Assert.That(user.IsSuccessStatusCode, Is.True, await user.Content.ReadAsStringAsync());
        NurseToken = await TokenAsync(anonymous, $"{Ward.ToLowerInvariant()}-nurse", NursePassword);
        Nurse = Service.CreateClient(NurseToken);
    }

    [TearDown]
    public async Task StopServiceAsync()
    {
        Nurse.Dispose();
        await Service.DisposeAsync();
    }

    protected static async Task<string> TokenAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    /// <summary>Admits to <paramref name="bed"/> (the first bed when not given) now on the fake clock.</summary>
    protected async Task<string> AdmitAsync(string? bed = null, string substance = "opioid")
    {
        using var response = await Nurse.PostAsJsonAsync("/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = "P", dateOfBirth = "1980-01-01", ward = Ward, bed = bed ?? Beds[0], substances = new[] { substance } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    /// <summary>Normal vital signs (NEWS2 0) observed now on the fake clock, but for the values given.</summary>
    protected Task<HttpResponseMessage> PostVitalsAsync(string admission, int rate = 16, int heartRate = 72, decimal temperature = 36.8m, string? sedation = "1") =>
        Nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new
        {
            observedAt = Service.Clock.GetUtcNow().ToString("O"),
            respiratoryRate = rate,
            spo2 = 97,
            onOxygen = false,
            systolicBp = 124,
            diastolicBp = 78,
            heartRate,
            temperatureC = temperature,
            consciousness = "A",
            sedation,
        });

    protected async Task ChartVitalsAsync(string admission, int rate = 16, int heartRate = 72, decimal temperature = 36.8m)
    {
        using var response = await PostVitalsAsync(admission, rate, heartRate, temperature);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A COWS of 0, observed now on the fake clock unless <paramref name="observedAt"/> is given.</summary>
    protected Task<HttpResponseMessage> PostCowsAsync(string admission, DateTimeOffset? observedAt = null) =>
        Nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new
        {
            observedAt = (observedAt ?? Service.Clock.GetUtcNow()).ToString("O"),
            items = new { restingPulseRate = 0, sweating = 0, restlessness = 0, pupilSize = 0, boneJointAches = 0, runnyNoseTearing = 0, giUpset = 0, tremor = 0, yawning = 0, anxietyIrritability = 0, goosefleshSkin = 0 },
        });

    protected async Task ChartCowsAsync(string admission, DateTimeOffset? observedAt = null)
    {
        using var response = await PostCowsAsync(admission, observedAt);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ward's alerts with <paramref name="code"/> in <paramref name="status"/> ("open" is active and acknowledged).</summary>
    protected async Task<List<JsonNode>> AlertsAsync(string code, string status = "open") =>
        [.. (await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status={status}"))!.Where(a => (string?)a!["code"] == code).Select(a => a!)];

    protected async Task<JsonNode?> AlertAsync(string code, string status = "open") => (await AlertsAsync(code, status)).FirstOrDefault();

    protected async Task AdvanceAndSweepAsync(TimeSpan by)
    {
        Service.Clock.Advance(by);
        await Service.SweepAsync();
    }
}
