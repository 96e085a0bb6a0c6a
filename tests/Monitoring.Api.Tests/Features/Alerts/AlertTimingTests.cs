using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>Escalation and overdue observations, with time moved by the test rather than waited for.</summary>
[NonParallelizable]
public sealed class AlertTimingTests() : FakeClockWardTest("T1", "T1-01", "T1-02")
{
    [Test]
    public async Task High_alert_unacknowledged_escalates_at_two_minutes_once()
    {
        var admission = await AdmitAsync();
        await using var board = new WardListener(Service.BaseAddress, NurseToken);
        await board.JoinAsync(Ward);
        using var _ = await PostVitalsAsync(admission, rate: 7);
        var alertId = (string)(await AlertAsync("respiratory-depression"))!["id"]!;

        Service.Clock.Advance(TimeSpan.FromSeconds(119));
        await Service.SweepAsync();
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.False);

        Service.Clock.Advance(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        Service.Clock.Advance(TimeSpan.FromMinutes(5));
        await Service.SweepAsync();
        await Service.SweepAsync();
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.True);

        // Events reach the board in commit order: once the response's change arrives, every escalation
        // committed by the sweeps above has arrived before it.
        using var responded = await Nurse.PostAsJsonAsync($"/api/alerts/{alertId}/responses", new { action = "reviewed-at-bedside" });
        Assert.That(responded.IsSuccessStatusCode, Is.True, await responded.Content.ReadAsStringAsync());
        await board.WaitForAsync(e => IsChangeOf(e, alertId) && e["alert"]!["responses"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15));
        var changesBeforeResponse = board.Events.Where(e => IsChangeOf(e, alertId) && e["alert"]!["responses"]!.AsArray().Count == 0).ToList();
        Assert.That(changesBeforeResponse, Has.Count.EqualTo(1), "one change between the raise and the response: the escalation");
        Assert.That((bool?)changesBeforeResponse[0]["alert"]!["escalated"], Is.True);
    }

    private static bool IsChangeOf(JsonObject e, string alertId) => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["id"] == alertId;

    [Test]
    public async Task Medium_alert_escalates_at_fifteen_minutes_and_acknowledged_ones_never()
    {
        var first = await AdmitAsync();
        var second = await AdmitAsync("T1-02");
        using var a = await PostVitalsAsync(first, sedation: "3");
        using var b = await PostVitalsAsync(second, sedation: "3");
        var acknowledged = (await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts"))!
            .First(x => (string?)x!["code"] == "oversedation" && (string?)x["admissionId"] == second)!;
        using var ack = await Nurse.PostAsJsonAsync($"/api/alerts/{acknowledged["id"]}/acknowledge", new { note = "seen" });

        Service.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        var alerts = await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        Assert.That(alerts!.Where(x => (string?)x!["code"] == "oversedation").Select(x => (bool?)x!["escalated"]), Is.All.False);

        Service.Clock.Advance(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        alerts = await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        var byAdmission = alerts!.Where(x => (string?)x!["code"] == "oversedation").ToDictionary(x => (string)x!["admissionId"]!, x => (bool)x!["escalated"]!);
        Assert.That(byAdmission[first], Is.True);
        Assert.That(byAdmission[second], Is.False);
    }

    [Test]
    public async Task Observations_overdue_fifteen_minutes_after_due_and_charting_resolves_it()
    {
        var admission = await AdmitAsync();
        using var vitals = await PostVitalsAsync(admission);
        using var cows = await PostCowsAsync(admission);

        // COWS 0 is due again in 4 h; NEWS2 0 vitals in 12 h.
        Service.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        Assert.That(await AlertAsync("observations-overdue"), Is.Null);

        Service.Clock.Advance(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        await Service.SweepAsync();
        var overdue = await AlertAsync("observations-overdue");
        Assert.That(overdue, Is.Not.Null);
        Assert.That((string?)overdue!["priority"], Is.EqualTo("medium"));
        Assert.That((string?)overdue["reason"], Does.StartWith("COWS due at"));
        var open = await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open");
        Assert.That(open!.Count(x => (string?)x!["code"] == "observations-overdue"), Is.EqualTo(1));

        using var charted = await PostCowsAsync(admission);
        Assert.That(await AlertAsync("observations-overdue"), Is.Null);
        Assert.That((string?)(await AlertAsync("observations-overdue", "resolved"))!["resolveNote"], Does.StartWith("Observations charted"));
    }

    [Test]
    public async Task A_new_admission_is_due_its_baseline_within_the_hour()
    {
        await AdmitAsync();
        Service.Clock.Advance(TimeSpan.FromMinutes(75));
        await Service.SweepAsync();
        Assert.That((string?)(await AlertAsync("observations-overdue"))?["reason"], Does.Contain("baseline after admission"));
    }
}
