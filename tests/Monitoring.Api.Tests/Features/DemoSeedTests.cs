using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features;

/// <summary><c>--demo</c> gives a newcomer a living ward: 4B, 12 beds, 8 patients, one deteriorating, one in severe withdrawal.</summary>
public sealed class DemoSeedTests
{
    [Test]
    public async Task Demo_seeds_ward_4B_with_a_deteriorating_patient_and_one_in_severe_withdrawal()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, ["--demo"]);
        using var anonymous = service.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });
        using var admin = service.CreateClient((string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!);

        var census = await admin.GetFromJsonAsync<JsonObject>("/api/wards/4B/census");
        var alerts = await admin.GetFromJsonAsync<JsonArray>("/api/wards/4B/alerts?status=active");

        Assert.Multiple(() =>
        {
            Assert.That((int?)census!["capacity"], Is.EqualTo(12));
            Assert.That((int?)census["occupied"], Is.EqualTo(8));
            Assert.That((int?)census["cowsSeverities"]!["severe"], Is.EqualTo(1));
            // One patient in alcohol withdrawal (severe CIWA-Ar), two withdrawing from opioids and alcohol (mild).
            Assert.That((int?)census["assessmentSeverities"]!["ciwa-ar"]!["severe"], Is.EqualTo(1));
            Assert.That((int?)census["assessmentSeverities"]!["ciwa-ar"]!["mild"], Is.EqualTo(2));
            Assert.That(alerts!.Any(a => (string?)a!["code"] == "alcohol-withdrawal-severe" && (string?)a["priority"] == "high"), Is.True);
            Assert.That(alerts!.Any(a => (string?)a!["code"] == "respiratory-depression" && (string?)a["priority"] == "high"), Is.True);
            Assert.That(service.Output, Does.Contain("nurse.demo /").And.Contain("physician.demo /").And.Contain("manager.demo /"));
        });

        var nursePassword = service.Output.Split('\n').Single(line => line.Contains("nurse.demo /", StringComparison.Ordinal)).Split('/')[1].Trim();
        using var nurseLogin = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "nurse.demo", password = nursePassword });
        Assert.That(nurseLogin.IsSuccessStatusCode, Is.True);
    }
}
