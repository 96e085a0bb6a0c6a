using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Reports;

/// <summary>The ward setting <c>shifts</c>: saved by an admin when it covers the day once, and the response report follows it.</summary>
[NonParallelizable]
public sealed class ReportShiftsTests() : FakeClockWardTest("RS", "RS-01")
{
    [Test]
    public async Task Three_shifts_saved_give_three_rows_a_priority_and_a_gap_is_refused_naming_shifts()
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/settings"))!;
        Assert.That(settings["shifts"]!.ToJsonString(), Is.EqualTo("""[{"name":"day","start":"07:30","end":"19:30"},{"name":"night","start":"19:30","end":"07:30"}]"""));

        settings["shifts"] = JsonNode.Parse("""[{"name":"day","start":"07:30","end":"19:00"},{"name":"night","start":"19:30","end":"07:30"}]""");
        using (var gap = await admin.PutAsJsonAsync($"/api/wards/{Ward}/settings", settings))
        {
            Assert.That(gap.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await gap.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "shifts" }));
        }

        settings["shifts"] = JsonNode.Parse("""[{"name":"early","start":"07:00","end":"15:00"},{"name":"late","start":"15:00","end":"23:00"},{"name":"night","start":"23:00","end":"07:00"}]""");
        using (var saved = await admin.PutAsJsonAsync($"/api/wards/{Ward}/settings", settings))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }
        using (var created = await admin.PostAsJsonAsync("/api/users", new { username = "rs-manager", password = "report-shifts-password-4", role = "manager", wards = Array.Empty<string>() }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var manager = Service.CreateClient(await TokenAsync(anonymous, "rs-manager", "report-shifts-password-4"));

        var report = await manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/reports/response");

        Assert.That(report!["rows"]!.AsArray().Select(r => $"{r!["priority"]} {r["shift"]}"), Is.EqualTo(new[]
        {
            "high early", "high late", "high night", "medium early", "medium late", "medium night", "low early", "low late", "low night",
        }));
    }
}
