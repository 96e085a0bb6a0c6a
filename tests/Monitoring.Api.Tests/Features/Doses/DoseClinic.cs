using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Doses;

/// <summary>A ward on the in-process service whose clock the test moves, with a nurse who admits, charts and gives doses.</summary>
public sealed class DoseClinic : IAsyncDisposable
{
    private const string Ward = "D1";
    private int _bed;

    private DoseClinic(InProcessService service, string nurseToken)
    {
        Service = service;
        NurseToken = nurseToken;
        Nurse = service.CreateClient(nurseToken);
    }

    public InProcessService Service { get; }

    public HttpClient Nurse { get; }

    public string NurseToken { get; }

    public string WardCode => Ward;

    public DateTimeOffset Now => Service.Clock.GetUtcNow();

    public static async Task<DoseClinic> StartAsync()
    {
        var service = await InProcessService.StartAsync();
        using var anonymous = service.CreateClient();
        using var admin = service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using var ward = await admin.PostAsJsonAsync("/api/wards", new { code = Ward, name = "Doses", beds = Enumerable.Range(1, 40).Select(n => $"{Ward}-{n:00}").ToArray() });
        using var user = await admin.PostAsJsonAsync("/api/users", new { username = "dose-nurse", password = "dose-nurse-password-1", role = "nurse", wards = new[] { Ward } });
        return new DoseClinic(service, await TokenAsync(anonymous, "dose-nurse", "dose-nurse-password-1"));
    }

    private static async Task<string> TokenAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    public void Advance(TimeSpan by) => Service.Clock.Advance(by);

    public async Task<string> AdmitAsync(params object[] substances)
    {
        var bed = $"{Ward}-{Interlocked.Increment(ref _bed):00}";
        using var response = await Nurse.PostAsJsonAsync("/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = "P", dateOfBirth = "1980-01-01", ward = Ward, bed, substances });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    public static object Use(string substance, DateTimeOffset lastUseAt) => new { substance, lastUseAt = lastUseAt.ToString("O") };

    public async Task<JsonObject> DoseAsync(string admission, string drug, decimal dose, string route, string unit = "mg", DateTimeOffset? givenAt = null)
    {
        using var response = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/doses", new { drug, dose, unit, route, givenAt = (givenAt ?? Now).ToString("O") });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> VitalsAsync(string admission, int rate = 16, string? sedation = "1", int systolic = 124, int heartRate = 72, int spo2 = 97, DateTimeOffset? at = null)
    {
        using var response = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Vitals(rate, sedation, systolic, heartRate, spo2, at));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>What saving the same set would score and raise, nothing stored.</summary>
    public async Task<JsonObject> PreviewVitalsAsync(string admission, int rate = 16, string? sedation = "1", int systolic = 124, int heartRate = 72, int spo2 = 97)
    {
        using var response = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/preview", Vitals(rate, sedation, systolic, heartRate, spo2));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private object Vitals(int rate, string? sedation, int systolic, int heartRate, int spo2, DateTimeOffset? at = null) => new
    {
        observedAt = (at ?? Now).ToString("O"),
        respiratoryRate = rate,
        spo2,
        onOxygen = false,
        systolicBp = systolic,
        diastolicBp = 70,
        heartRate,
        temperatureC = 36.8,
        consciousness = "A",
        sedation,
    };

    public async Task<JsonObject> AcknowledgeAsync(string alertId, string note = "seen at the bedside")
    {
        using var response = await Nurse.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { note });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>A COWS assessment adding up to the total, built from items whose scores run without gaps.</summary>
    public async Task<JsonObject> CowsAsync(string admission, int total)
    {
        var items = new Dictionary<string, int>
        {
            ["sweating"] = 0,
            ["giUpset"] = 0,
            ["tremor"] = 0,
            ["yawning"] = 0,
            ["anxietyIrritability"] = 0,
            ["boneJointAches"] = 0,
            ["runnyNoseTearing"] = 0,
            ["pupilSize"] = 0,
            ["restingPulseRate"] = 0,
            ["restlessness"] = 0,
            ["goosefleshSkin"] = 0,
        };
        var caps = new (string Item, int Cap)[] { ("sweating", 4), ("giUpset", 3), ("tremor", 2), ("yawning", 2), ("anxietyIrritability", 2), ("boneJointAches", 2), ("runnyNoseTearing", 2), ("pupilSize", 2), ("restingPulseRate", 2) };
        var left = total;
        foreach (var (item, cap) in caps)
        {
            items[item] = Math.Min(cap, left);
            left -= items[item];
        }
        Assert.That(left, Is.Zero, "total too high for this helper");
        using var response = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = Now.ToString("O"), items });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<IReadOnlyList<JsonNode>> AlertsAsync(string admission, string status = "open") =>
        [.. (await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status={status}"))!.Where(a => (string?)a!["admissionId"] == admission).Select(a => a!)];

    public async Task<JsonNode?> AlertAsync(string admission, string code) => (await AlertsAsync(admission)).FirstOrDefault(a => (string?)a["code"] == code);

    public static IEnumerable<string?> Codes(JsonObject response) => response["alerts"]!.AsArray().Select(a => (string?)a!["code"]);

    public async ValueTask DisposeAsync()
    {
        Nurse.Dispose();
        await Service.DisposeAsync();
    }
}
