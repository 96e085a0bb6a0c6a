using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>Acknowledge all: every active alert of one patient at once, each audited and pushed to the board.</summary>
[NonParallelizable]
public sealed class AcknowledgeAllTests() : FakeClockWardTest("K1", "K1-01", "K1-02")
{
    private const string Password = "ack-all-password-4";

    // RR 6 with POSS 3 raises three alerts at once.
    private async Task<(string Admission, List<string> AlertIds)> DepressedAsync(string? bed = null)
    {
        var admission = await AdmitAsync(bed);
        using var vitals = await PostVitalsAsync(admission, rate: 6, sedation: "3");
        Assert.That(vitals.StatusCode, Is.EqualTo(HttpStatusCode.Created), await vitals.Content.ReadAsStringAsync());
        return (admission, await ActiveIdsAsync(admission));
    }

    private async Task<List<string>> ActiveIdsAsync(string admission) =>
        [.. (await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=active"))!
            .Where(a => (string?)a!["admissionId"] == admission).Select(a => (string)a!["id"]!)];

    private async Task<string> UserTokenAsync(string role, params string[] wards)
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var username = $"{role}-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, wards });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return await TokenAsync(anonymous, username, Password);
    }

    private async Task<HttpClient> AdminAsync()
    {
        using var anonymous = Service.CreateClient();
        return Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
    }

    private static Task<HttpResponseMessage> AcknowledgeAllAsync(HttpClient client, string admission, object body) =>
        client.PostAsJsonAsync($"/api/admissions/{admission}/alerts/acknowledge", body);

    private static async Task<IEnumerable<string?>> AcknowledgementsAsync(HttpClient admin, string admission) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/audit?admissionId={admission}"))!["entries"]!.AsArray()
            .Select(e => (string?)e!["action"]).Where(action => action == "alert.acknowledged");

    [Test]
    public async Task Every_active_alert_of_the_patient_is_acknowledged_audited_and_pushed_to_the_board()
    {
        var (admission, alertIds) = await DepressedAsync();
        Assert.That(alertIds, Has.Count.EqualTo(3), "RR 6 with POSS 3 raises three alerts");
        var (other, otherIds) = await DepressedAsync(Beds[1]);
        await using var board = new WardListener(Service.BaseAddress, NurseToken);
        await board.JoinAsync(Ward);
        using var admin = await AdminAsync();

        using var response = await AcknowledgeAllAsync(Nurse, admission, new { note = "At the bedside, rousable" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var changed = JsonNode.Parse(text)!.AsArray();
        Assert.That(changed.Select(a => (string?)a!["id"]), Is.EquivalentTo(alertIds));
        Assert.That(changed.Select(a => (string?)a!["status"]), Is.All.EqualTo("acknowledged"));
        Assert.That(changed.Select(a => (string?)a!["acknowledgeNote"]), Is.All.EqualTo("At the bedside, rousable"));
        Assert.That(changed.Select(a => (string?)a!["acknowledgedBy"]), Is.All.EqualTo("k1-nurse"));
        Assert.That(await ActiveIdsAsync(admission), Is.Empty);
        Assert.That(await AcknowledgementsAsync(admin, admission), Has.Exactly(3).Items);
        foreach (var alertId in alertIds)
        {
            await board.WaitForAsync(e => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["id"] == alertId
                && (string?)e["alert"]!["status"] == "acknowledged", TimeSpan.FromSeconds(15));
        }

        Assert.That(await ActiveIdsAsync(other), Is.EquivalentTo(otherIds), "the other patient's alerts are untouched");
        Assert.That(await AcknowledgementsAsync(admin, other), Is.Empty);
        Assert.That(board.Events.Where(e => (string?)e["type"] == "alertChanged").Select(e => (string?)e["alert"]!["id"]), Has.None.AnyOf(otherIds));
    }

    [Test]
    public async Task With_nothing_active_the_answer_is_an_empty_list()
    {
        var admission = await AdmitAsync();

        using var response = await AcknowledgeAllAsync(Nurse, admission, new { note = (string?)null });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadFromJsonAsync<JsonArray>(), Is.Empty);
    }

    [Test]
    public async Task A_note_over_2000_characters_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var (admission, alertIds) = await DepressedAsync();
        using var admin = await AdminAsync();

        using var response = await AcknowledgeAllAsync(Nurse, admission, new { note = new string('n', 2001) });

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(JsonNode.Parse(body)!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "note" }), body);
        Assert.That(await ActiveIdsAsync(admission), Is.EquivalentTo(alertIds));
        Assert.That(await AcknowledgementsAsync(admin, admission), Is.Empty);
    }

    [Test]
    public async Task An_unknown_admission_is_not_found()
    {
        using var response = await AcknowledgeAllAsync(Nurse, Guid.NewGuid().ToString(), new { note = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Nurses_and_physicians_of_the_ward_acknowledge_all_others_may_not()
    {
        var (admission, alertIds) = await DepressedAsync();
        using var admin = await AdminAsync();
        using (var created = await admin.PostAsJsonAsync("/api/wards", new { code = "X8", name = "Ward X8", beds = new[] { "X8-01" } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var manager = Service.CreateClient(await UserTokenAsync("manager"));
        using var otherWardNurse = Service.CreateClient(await UserTokenAsync("nurse", "X8"));
        using var physician = Service.CreateClient(await UserTokenAsync("physician", Ward));

        using var byManager = await AcknowledgeAllAsync(manager, admission, new { note = "seen" });
        using var byAdmin = await AcknowledgeAllAsync(admin, admission, new { note = "seen" });
        using var byStranger = await AcknowledgeAllAsync(otherWardNurse, admission, new { note = "seen" });
        Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ActiveIdsAsync(admission), Is.EquivalentTo(alertIds));

        using var byPhysician = await AcknowledgeAllAsync(physician, admission, new { note = "reviewed" });
        Assert.That(byPhysician.StatusCode, Is.EqualTo(HttpStatusCode.OK), await byPhysician.Content.ReadAsStringAsync());
        Assert.That(await ActiveIdsAsync(admission), Is.Empty);
    }
}
