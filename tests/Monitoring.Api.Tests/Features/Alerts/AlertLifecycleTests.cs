using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

public sealed class AlertLifecycleTests(Store store) : ApiTest(store)
{
    private TestWard _ward = null!;
    private HttpClient _nurse = null!;
    private HttpClient _physician = null!;

    [SetUp]
    public async Task PrepareAsync()
    {
        _ward = await NewWardAsync(beds: 4);
        _nurse = await SignInAsync("nurse", _ward.Code);
        _physician = await SignInAsync("physician", _ward.Code);
    }

    [TearDown]
    public void Dispose()
    {
        _nurse.Dispose();
        _physician.Dispose();
    }

    private static Dictionary<string, object?> Depressed(int rate = 7, string sedation = "3")
    {
        var vitals = NormalVitals();
        vitals["respiratoryRate"] = rate;
        vitals["sedation"] = sedation;
        return vitals;
    }

    private async Task<List<JsonNode>> AlertsAsync(string status = "active") =>
        [.. (await _physician.GetFromJsonAsync<JsonArray>($"/api/wards/{_ward.Code}/alerts?status={status}"))!.Select(a => a!)];

    [Test]
    public async Task Rr_7_with_poss_3_raises_one_high_respiratory_depression_alert_naming_both()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var first = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var alerts = (await AlertsAsync()).Where(a => (string?)a["code"] == "respiratory-depression").ToList();
        Assert.That(alerts, Has.Count.EqualTo(1));
        var alert = alerts[0];
        Assert.Multiple(() =>
        {
            Assert.That((string?)alert["priority"], Is.EqualTo("high"));
            Assert.That((string?)alert["status"], Is.EqualTo("active"));
            Assert.That((string?)alert["reason"], Does.Contain("Respiratory rate 7/min").And.Contain("POSS 3"));
            Assert.That((string?)alert["bed"], Is.EqualTo(_ward.Beds[0]));
        });

        await Task.Delay(20);
        using var again = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var after = (await AlertsAsync()).Where(a => (string?)a["code"] == "respiratory-depression").ToList();
        Assert.That(after, Has.Count.EqualTo(1));
        Assert.That((string?)after[0]["id"], Is.EqualTo((string?)alert["id"]));
        Assert.That(DateTimeOffset.Parse((string)after[0]["lastSeenAt"]!), Is.GreaterThan(DateTimeOffset.Parse((string)alert["lastSeenAt"]!)));
    }

    [Test]
    public async Task Alerts_come_back_in_the_charting_response_and_sorted_by_priority_then_age()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var codes = (await ReadObjectAsync(response))["alerts"]!.AsArray().Select(a => (string?)a!["code"]).ToList();
        Assert.That(codes, Is.SupersetOf(new[] { "respiratory-depression", "oversedation", "news2-single-parameter" }));

        var priorities = (await AlertsAsync()).Select(a => (string?)a["priority"]).ToList();
        Assert.That(priorities, Is.EqualTo(priorities.OrderBy(p => p switch { "high" => 0, "medium" => 1, _ => 2 }).ToList()));
    }

    [Test]
    public async Task Worse_finding_raises_the_priority_of_the_same_alert()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var drowsy = NormalVitals();
        drowsy["sedation"] = "3";
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", drowsy);
        var medium = (await AlertsAsync()).Single(a => (string?)a["code"] == "oversedation");
        Assert.That((string?)medium["priority"], Is.EqualTo("medium"));

        drowsy["sedation"] = "4";
        using var __ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", drowsy);
        var high = (await AlertsAsync()).Single(a => (string?)a["code"] == "oversedation");
        Assert.That((string?)high["id"], Is.EqualTo((string?)medium["id"]));
        Assert.That((string?)high["priority"], Is.EqualTo("high"));
    }

    [Test]
    public async Task Acknowledge_then_resolve_with_who_when_and_note_then_it_can_fire_again()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var alert = (await AlertsAsync()).Single(a => (string?)a["code"] == "respiratory-depression");
        var id = (string)alert["id"]!;

        using var acknowledged = await _physician.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "At the bedside" });
        var ack = await ReadObjectAsync(acknowledged);
        Assert.That((string?)ack["status"], Is.EqualTo("acknowledged"));
        Assert.That((string?)ack["acknowledgedBy"], Does.StartWith("physician"));
        Assert.That((string?)ack["acknowledgeNote"], Is.EqualTo("At the bedside"));

        using var twice = await _nurse.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "again" });
        await AssertProblemAsync(twice, HttpStatusCode.Conflict);

        using var noNote = await _physician.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "" });
        await AssertProblemAsync(noNote, HttpStatusCode.BadRequest, "note");

        using var resolved = await _physician.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { note = "Naloxone given, RR 14" });
        Assert.That((string?)(await ReadObjectAsync(resolved))["status"], Is.EqualTo("resolved"));

        using var ___ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var again = (await AlertsAsync()).Single(a => (string?)a["code"] == "respiratory-depression");
        Assert.That((string?)again["id"], Is.Not.EqualTo(id));

        var timeline = await _physician.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        Assert.That(timeline!["entries"]!.AsArray().Count(e => (string?)e!["type"] == "alert"), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Alert_raised_only_by_an_erroneous_reading_is_resolved_with_that_reason()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var wrong = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var observation = (string)(await ReadObjectAsync(wrong))["id"]!;
        Assert.That(await AlertsAsync(), Is.Not.Empty);

        using var _ = await _nurse.PostAsJsonAsync($"/api/observations/{observation}/entered-in-error", new { reason = "Wrong patient" });

        Assert.That((await AlertsAsync()).Where(a => (string?)a["admissionId"] == admission.ToString()), Is.Empty);
        var resolved = (await AlertsAsync("resolved")).First(a => (string?)a["code"] == "respiratory-depression");
        Assert.That((string?)resolved["resolveNote"], Does.Contain("entered in error").And.Contain("Wrong patient"));
    }

    [Test]
    public async Task Alert_seen_again_in_a_valid_reading_survives_the_correction()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var first = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        using var second = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var observation = (string)(await ReadObjectAsync(first))["id"]!;

        using var _ = await _nurse.PostAsJsonAsync($"/api/observations/{observation}/entered-in-error", new { reason = "duplicate" });

        Assert.That((await AlertsAsync()).Any(a => (string?)a["code"] == "respiratory-depression"), Is.True);
    }

    [Test]
    public async Task Manager_sees_but_cannot_acknowledge()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        using var manager = await SignInAsync("manager");
        var alerts = await manager.GetFromJsonAsync<JsonArray>($"/api/wards/{_ward.Code}/alerts");
        Assert.That(alerts, Is.Not.Empty);

        using var acknowledge = await manager.PostAsJsonAsync($"/api/alerts/{alerts![0]!["id"]}/acknowledge", new { note = "x" });
        await AssertProblemAsync(acknowledge, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Severe_and_escalating_withdrawal_and_induction_threshold()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(3));
        var mild = CowsItems();
        using var first = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"), items = mild });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var severe = CowsItems();
        foreach (var (item, score) in new[] { ("sweating", 4), ("restlessness", 5), ("pupilSize", 5), ("giUpset", 5), ("tremor", 4), ("yawning", 2) })
        {
            severe[item] = score;
        }
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items = severe });
        var body = await ReadObjectAsync(response);
        Assert.That((int?)body["total"], Is.EqualTo(25));
        var codes = body["alerts"]!.AsArray().Select(a => (string?)a!["code"]).ToList();
        Assert.That(codes, Is.EquivalentTo(new[] { "withdrawal-severe", "withdrawal-escalating", "induction-threshold" }));
        var escalating = body["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "withdrawal-escalating")!;
        Assert.That((string?)escalating["reason"], Does.Contain("from 0 to 25"));
    }

    [Test]
    public async Task Census_counts_active_alerts_by_priority_and_agrees_with_the_list()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());
        var census = await _physician.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/census");
        var alerts = await AlertsAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int?)census!["activeAlerts"]!["high"], Is.EqualTo(alerts.Count(a => (string?)a["priority"] == "high")));
            Assert.That((int?)census["activeAlerts"]!["medium"], Is.EqualTo(alerts.Count(a => (string?)a["priority"] == "medium")));
            Assert.That((int?)census["occupied"], Is.EqualTo(1));
            Assert.That((int?)census["capacity"], Is.EqualTo(4));
            Assert.That((int?)census["news2Bands"]!["lowMedium"], Is.EqualTo(1));
        });
    }
}
