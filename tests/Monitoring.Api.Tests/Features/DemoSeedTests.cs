using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features;

/// <summary>
/// <c>--demo</c> gives a newcomer a living ward: 4B, 12 beds, 10 patients, one deteriorating, one in severe withdrawal,
/// one inducted onto buprenorphine and one rescued with naloxone.
/// </summary>
public sealed class DemoSeedTests
{
    [Test]
    public async Task Demo_seeds_ward_4B_with_a_deteriorating_patient_and_one_in_severe_withdrawal()
    {
        // The demo's monitors use a port of their own, never the default 2575 that another run may hold.
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, ["--demo"], environment: new Dictionary<string, string> { ["Monitoring__Devices__MllpPort"] = FeedServices.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var anonymous = service.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });
        using var admin = service.CreateClient((string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!);

        var census = await admin.GetFromJsonAsync<JsonObject>("/api/wards/4B/census");
        var alerts = await admin.GetFromJsonAsync<JsonArray>("/api/wards/4B/alerts?status=active");

        Assert.Multiple(() =>
        {
            Assert.That((int?)census!["capacity"], Is.EqualTo(12));
            Assert.That((int?)census["occupied"], Is.EqualTo(10));
            Assert.That((int?)census["cowsSeverities"]!["severe"], Is.EqualTo(1));
            // Admitted before the history the demo charts, not after it: eight 23.5 h ago, the two stories 7 h and 5 h ago.
            Assert.That((double?)census["averageLengthOfStayHours"], Is.EqualTo(((8 * 23.5) + 7 + 5) / 10).Within(0.2));
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
        using var nurse = service.CreateClient((string)(await nurseLogin.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!);
        var board = await nurse.GetFromJsonAsync<JsonObject>("/api/wards/4B/board");
        string AdmissionIn(string bed) => (string)board!["beds"]!.AsArray().Single(tile => (string?)tile!["bed"] == bed)!["admissionId"]!;

        var induction = (await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{AdmissionIn("4B-09")}/timeline"))!["entries"]!.AsArray();
        var story = induction.Where(e => (string?)e!["type"] is "cows" or "dose").Select(e => (string)e!["type"]! == "dose"
            ? $"{(string?)e["dose"]!["drug"]} {(double?)e["dose"]!["dose"]} {(string?)e["dose"]!["unit"]} {(string?)e["dose"]!["route"]}"
            : $"COWS {(int?)e["cows"]!["total"]}").ToList();
        Assert.That(story, Is.EqualTo(new[] { "COWS 4", "COWS 7", "COWS 10", "buprenorphine 4 mg SL", "COWS 4" }));
        Assert.That(induction.Where(e => (string?)e!["type"] == "alert").Select(e => (string?)e!["alert"]!["code"]), Does.Not.Contain("buprenorphine-too-early"),
            "The dose follows the 12 h wait and a COWS of 10.");

        var rescue = (await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{AdmissionIn("4B-10")}/timeline"))!["entries"]!.AsArray();
        var naloxone = rescue.Single(e => (string?)e!["type"] == "dose")!;
        var givenAt = (DateTimeOffset)naloxone["at"]!;
        var watch = rescue.Where(e => (string?)e!["type"] == "vitals" && (DateTimeOffset)e!["at"]! > givenAt).Select(e => e!["vitals"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string?)naloxone["dose"]!["drug"], Is.EqualTo("naloxone"));
            var depressed = rescue.First(e => (string?)e!["type"] == "vitals" && (int?)e["vitals"]!["respiratoryRate"] == 7)!;
            Assert.That((DateTimeOffset)depressed["at"]!, Is.LessThan(givenAt), "The respiratory depression came before the naloxone.");
            // The recovery ended the first episode; the relapse inside the watch is a new alert, active and sounding.
            var episodes = rescue.Where(e => (string?)e!["type"] == "alert" && (string?)e["alert"]!["code"] == "respiratory-depression")
                .Select(e => e!["alert"]!).DistinctBy(a => (string?)a["id"]).ToList();
            Assert.That(episodes, Has.Count.EqualTo(2), "one episode before the recovery, one for the relapse");
            Assert.That(episodes.Select(a => (string?)a["status"]), Is.EquivalentTo(new[] { "resolved", "active" }));
            Assert.That(episodes.Single(a => (string?)a["status"] == "active")["reason"]!.ToString(), Does.Contain("Respiratory rate 8/min").And.Contain("re-sedation watch"));
            Assert.That(rescue.Any(e => (string?)e!["type"] == "alert" && (string?)e["alert"]!["code"] == "naloxone-given"), Is.True);
            Assert.That(watch.Select(v => (string?)v["sedation"]), Is.EqualTo(new[] { "2", "2", "1", "1", "1", "1", "3" }), "Vitals with POSS every 15 min, recovering, then the relapse.");
            Assert.That(watch.SkipLast(1).Select(v => (int?)v["respiratoryRate"]), Is.Ordered);
            Assert.That((DateTimeOffset)rescue[^1]!["at"]!, Is.LessThan(DateTimeOffset.UtcNow), "History is charted before now.");
        });
    }
}
