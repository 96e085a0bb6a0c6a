using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>Missed rounds, with time moved by the test: each raises or re-activates, priority follows the patient, census agrees.</summary>
[NonParallelizable]
public sealed class OverdueSafetyTests() : FakeClockWardTest("O1", "O1-01", "O1-02")
{
    private Task<List<JsonNode>> OverdueAsync(string status = "open") => AlertsAsync("observations-overdue", status);

    [Test]
    public async Task Acknowledged_overdue_alert_re_activates_on_the_next_missed_round()
    {
        var admission = await AdmitAsync();
        await ChartVitalsAsync(admission);
        await ChartCowsAsync(admission);

        await AdvanceAndSweepAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15));
        var first = (await OverdueAsync()).Single();
        Assert.That((string?)first["priority"], Is.EqualTo("medium"));
        using (var ack = await Nurse.PostAsJsonAsync($"/api/alerts/{first["id"]}/acknowledge", new { note = "busy with a new admission" }))
        {
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await AdvanceAndSweepAsync(TimeSpan.FromHours(1));
        Assert.That((string?)(await OverdueAsync()).Single()["status"], Is.EqualTo("acknowledged"), "the same round stays silenced");

        await AdvanceAndSweepAsync(TimeSpan.FromHours(3));
        var again = (await OverdueAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)again["id"], Is.EqualTo((string?)first["id"]));
            Assert.That((string?)again["status"], Is.EqualTo("active"));
            Assert.That((string?)again["reason"], Does.Contain("2 rounds missed").And.Contain("since acknowledged at"));
        });
    }

    [Test]
    public async Task Overdue_is_high_when_the_last_news2_band_is_high()
    {
        var admission = await AdmitAsync();
        await ChartVitalsAsync(admission, rate: 25, heartRate: 131, temperature: 38.5m);
        await ChartCowsAsync(admission);
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(30));
        var overdue = (await OverdueAsync()).Single();
        Assert.That((string?)overdue["priority"], Is.EqualTo("high"));
        Assert.That((string?)overdue["reason"], Does.StartWith("Vital signs due at"));
    }

    [Test]
    public async Task Census_overdue_count_agrees_with_the_overdue_alerts()
    {
        var overdue = await AdmitAsync("O1-01");
        var charted = await AdmitAsync("O1-02");
        await ChartVitalsAsync(charted);
        await ChartCowsAsync(charted);

        // The baseline of the uncharted admission is due at one hour; within the grace it is neither overdue nor alerting.
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(65));
        var census = await Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/census");
        Assert.That((int?)census!["overdueObservations"], Is.EqualTo((await OverdueAsync()).Count).And.Zero);

        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(10));
        census = await Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/census");
        var alerts = await OverdueAsync();
        Assert.That((int?)census!["overdueObservations"], Is.EqualTo(alerts.Count).And.EqualTo(1));
        Assert.That((string?)alerts[0]["admissionId"], Is.EqualTo(overdue));
    }

    [Test]
    public async Task Old_late_entry_does_not_resolve_the_overdue_alert_and_charting_after_the_due_time_does()
    {
        var admission = await AdmitAsync();
        var start = Service.Clock.GetUtcNow();
        await ChartVitalsAsync(admission);
        await ChartCowsAsync(admission);
        await AdvanceAndSweepAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(20));
        var overdue = (await OverdueAsync()).Single();

        await ChartCowsAsync(admission, start.AddHours(3));
        await Service.SweepAsync();
        var still = (await OverdueAsync()).Single();
        Assert.That((string?)still["id"], Is.EqualTo((string?)overdue["id"]), "the same alert, with its escalation clock, not a new one");
        Assert.That(await OverdueAsync("resolved"), Is.Empty);

        await ChartCowsAsync(admission);
        await Service.SweepAsync();
        Assert.That(await OverdueAsync(), Is.Empty);
        Assert.That((string?)(await OverdueAsync("resolved")).Single()["resolveNote"], Does.StartWith("Observations charted"));
    }
}
