using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Wards;

/// <summary>"My beds": the beds whose patient the signed-in clinician charted in the last 12 hours.</summary>
[NonParallelizable]
public sealed class MyBedsTests() : FakeClockWardTest("Y1", "Y1-01", "Y1-02", "Y1-03")
{
    private const string Password = "my-beds-password-7";

    private async Task<HttpClient> UserAsync(string role, params string[] wards)
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var username = $"{role}-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, wards });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return Service.CreateClient(await TokenAsync(anonymous, username, Password));
    }

    private static async Task<List<string>> BedsOfAsync(HttpClient client, string query = "")
    {
        var answer = await client.GetFromJsonAsync<JsonObject>($"/api/wards/Y1/my-beds{query}");
        return [.. answer!["beds"]!.AsArray().Select(b => (string)b!["bed"]!)];
    }

    [Test]
    public async Task Lists_the_beds_the_clinician_charted_in_the_last_12_hours_and_no_others()
    {
        var mine = await AdmitAsync(Beds[0]);
        await AdmitAsync(Beds[1]);
        var theirs = await AdmitAsync(Beds[2]);
        await ChartVitalsAsync(mine);
        using var colleague = await UserAsync("nurse", Ward);
        using (var charted = await colleague.PostAsJsonAsync($"/api/admissions/{theirs}/vitals", new { observedAt = Service.Clock.GetUtcNow().ToString("O"), respiratoryRate = 16, spo2 = 97, onOxygen = false, systolicBp = 124, diastolicBp = 78, heartRate = 72, temperatureC = 36.8, consciousness = "A", sedation = "1" }))
        {
            Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await charted.Content.ReadAsStringAsync());
        }

        Assert.That(await BedsOfAsync(Nurse), Is.EqualTo(new[] { Beds[0] }));
        Assert.That(await BedsOfAsync(colleague), Is.EqualTo(new[] { Beds[2] }));

        Service.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        Assert.That(await BedsOfAsync(Nurse), Is.Empty, "charted more than 12 h ago");
        Assert.That(await BedsOfAsync(Nurse, "?hours=24"), Is.EqualTo(new[] { Beds[0] }));
    }

    [TestCase("?hours=0")]
    [TestCase("?hours=25")]
    [TestCase("?hours=-3")]
    public async Task Hours_outside_1_to_24_is_a_validation_problem(string query)
    {
        using var response = await Nurse.GetAsync($"/api/wards/Y1/my-beds{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]?.ToJsonString(), Does.Contain("hours is from 1 to 24"));
    }

    [Test]
    public async Task Hours_that_is_not_a_number_or_an_unknown_ward_is_refused()
    {
        using var words = await Nurse.GetAsync("/api/wards/Y1/my-beds?hours=twelve");
        Assert.That(words.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var unknown = await Nurse.GetAsync("/api/wards/NOPE/my-beds");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Only_clinicians_of_the_ward_may_ask()
    {
        using var anonymous = Service.CreateClient();
        using (var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword)))
        using (var created = await admin.PostAsJsonAsync("/api/wards", new { code = "Z9", name = "Ward Z9", beds = new[] { "Z9-01" } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }
        using var physician = await UserAsync("physician", Ward);
        using var manager = await UserAsync("manager");
        using var elsewhere = await UserAsync("nurse", "Z9");

        using (var ok = await physician.GetAsync("/api/wards/Y1/my-beds"))
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using (var refused = await manager.GetAsync("/api/wards/Y1/my-beds"))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        using (var otherWard = await elsewhere.GetAsync("/api/wards/Y1/my-beds"))
        {
            Assert.That(otherWard.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        using (var signedOut = await anonymous.GetAsync("/api/wards/Y1/my-beds"))
        {
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }
}
