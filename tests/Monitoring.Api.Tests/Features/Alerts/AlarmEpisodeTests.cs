using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Features.Doses;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Features.Doses.DoseClinic;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>
/// Alerts as episodes of the patient's condition, through HTTP and the ward hub: a recovery ends an episode,
/// a relapse is a new one that sounds, and a patient worse within one band re-alarms.
/// </summary>
[NonParallelizable]
public sealed class AlarmEpisodeTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private DoseClinic _clinic = null!;

    [SetUp]
    public async Task StartAsync() => _clinic = await DoseClinic.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _clinic.DisposeAsync();

    [Test]
    public async Task A_relapse_after_a_naloxone_rescue_and_recovery_is_a_new_episode_that_sounds_on_the_board()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await using var board = new WardListener(_clinic.Service.BaseAddress, _clinic.NurseToken);
        await board.JoinAsync(_clinic.WardCode);

        var depressed = await _clinic.VitalsAsync(admission, rate: 5, sedation: "4", spo2: 84);
        var first = Alert(depressed, "respiratory-depression");
        await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg");
        foreach (var alert in await _clinic.AlertsAsync(admission))
        {
            await _clinic.AcknowledgeAsync((string)alert["id"]!);
        }

        _clinic.Advance(TimeSpan.FromMinutes(20));
        var recovered = await _clinic.VitalsAsync(admission, rate: 15, sedation: "2");
        Assert.That(Codes(recovered), Is.Empty, "a recovery raises nothing");
        var closed = (await _clinic.AlertsAsync(admission, "resolved")).Single(a => (string?)a["id"] == (string?)first["id"]);
        Assert.That((string?)closed["status"], Is.EqualTo("resolved"));
        Assert.That((await _clinic.AlertsAsync(admission)).Select(a => (string?)a["code"]), Has.No.Member("respiratory-depression").And.No.Member("oversedation"),
            "the acknowledged episodes end when the vital signs no longer show them");

        _clinic.Advance(TimeSpan.FromMinutes(48));
        var relapse = await _clinic.VitalsAsync(admission, rate: 8, sedation: "3");
        var second = Alert(relapse, "respiratory-depression");
        Assert.That((string?)second["id"], Is.Not.EqualTo((string?)first["id"]), "a relapse is a new episode, not the acknowledged one");
        Assert.That((string?)second["status"], Is.EqualTo("active"));
        Assert.That((string?)second["priority"], Is.EqualTo("high"));
        Assert.That((string?)second["reason"], Does.Contain("Respiratory rate 8/min"));
        Assert.That((string?)Alert(relapse, "oversedation")["status"], Is.EqualTo("active"));

        var raised = await board.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["id"] == (string?)second["id"], Generous);
        Assert.That((string?)raised["alert"]!["status"], Is.EqualTo("active"), "the board hears the relapse as a new alert, so it sounds");
    }

    [Test]
    public async Task During_the_watch_an_acknowledged_respiratory_alert_alarms_again_with_the_new_values_and_says_why()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var depressed = await _clinic.VitalsAsync(admission, rate: 6, sedation: "3");
        await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg");
        await _clinic.AcknowledgeAsync((string)Alert(depressed, "respiratory-depression")["id"]!);

        _clinic.Advance(TimeSpan.FromMinutes(10));
        var again = await _clinic.VitalsAsync(admission, rate: 7, sedation: "3");
        var alert = Alert(again, "respiratory-depression");
        Assert.That((string?)alert["status"], Is.EqualTo("active"));
        Assert.That((string?)alert["reason"], Does.Contain("Respiratory rate 7/min").And.Contain("Alarming again during the re-sedation watch"));
    }

    [Test]
    public async Task Saturation_falling_from_91_to_80_on_air_alarms_again_although_both_are_one_news2_band()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await using var board = new WardListener(_clinic.Service.BaseAddress, _clinic.NurseToken);
        await board.JoinAsync(_clinic.WardCode);
        var low = await _clinic.VitalsAsync(admission, spo2: 91);
        var hypoxaemia = Alert(low, "hypoxaemia");
        await _clinic.AcknowledgeAsync((string)hypoxaemia["id"]!);

        _clinic.Advance(TimeSpan.FromMinutes(15));
        var lower = await _clinic.VitalsAsync(admission, spo2: 80);
        var alert = Alert(lower, "hypoxaemia");
        Assert.That((string?)alert["id"], Is.EqualTo((string?)hypoxaemia["id"]));
        Assert.That((string?)alert["status"], Is.EqualTo("active"));
        Assert.That((string?)alert["reason"], Does.Contain("SpO2 80").And.Contain("since acknowledged"));
        var changed = await board.WaitForAsync(e => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["id"] == (string?)alert["id"]
            && (string?)e["alert"]!["status"] == "active" && ((string?)e["alert"]!["reason"] ?? "").Contains("SpO2 80"), Generous);
        Assert.That(changed, Is.Not.Null);
    }

    [Test]
    public async Task A_saturation_two_points_lower_stays_acknowledged()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var low = await _clinic.VitalsAsync(admission, spo2: 91);
        await _clinic.AcknowledgeAsync((string)Alert(low, "hypoxaemia")["id"]!);

        _clinic.Advance(TimeSpan.FromMinutes(15));
        var slightlyLower = await _clinic.VitalsAsync(admission, spo2: 89);
        Assert.That((string?)Alert(slightlyLower, "hypoxaemia")["status"], Is.EqualTo("acknowledged"));
    }

    [Test]
    public async Task An_unacknowledged_alert_whose_condition_cleared_stops_sounding_and_waits_to_be_seen()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var low = await _clinic.VitalsAsync(admission, rate: 7, sedation: "2");
        var alert = Alert(low, "respiratory-depression");

        _clinic.Advance(TimeSpan.FromMinutes(15));
        await _clinic.VitalsAsync(admission, rate: 14, sedation: "1");
        var cleared = await _clinic.AlertAsync(admission, "respiratory-depression");
        Assert.That(cleared, Is.Not.Null, "an alert nobody has seen stays on the list");
        Assert.That((string?)cleared!["clearedAt"], Is.Not.Null);
        Assert.That((string?)cleared["reason"], Does.Contain("Cleared at").And.Contain("Acknowledge to close"));

        var acknowledged = await _clinic.AcknowledgeAsync((string)alert["id"]!);
        Assert.That((string?)acknowledged["status"], Is.EqualTo("resolved"), "seeing a cleared alert ends its episode");
    }

    [Test]
    public async Task Preview_and_save_give_the_same_alerts_during_a_naloxone_watch()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg");
        _clinic.Advance(TimeSpan.FromMinutes(30));

        var preview = await _clinic.PreviewVitalsAsync(admission, rate: 14, sedation: "3");
        var saved = await _clinic.VitalsAsync(admission, rate: 14, sedation: "3");
        Assert.That(Shape(preview), Is.EquivalentTo(Shape(saved)));
        Assert.That(Shape(preview), Has.Member("oversedation high"));
    }

    // Rule 15 for every vitals rule and every dose fact that bears on it: the preview answers exactly what the save raises.
    [TestCase("heroin", null, 0, 7, "3", 97, TestName = "Preview = save: respiratory depression and oversedation")]
    [TestCase("heroin", null, 0, 16, "1", 90, TestName = "Preview = save: hypoxaemia")]
    [TestCase("heroin", null, 0, 26, "1", 93, TestName = "Preview = save: NEWS2 medium and single parameter")]
    [TestCase("heroin", "naloxone", 30, 14, "3", 97, TestName = "Preview = save: oversedation high during the naloxone watch")]
    [TestCase("heroin", "naloxone", 121, 14, "3", 97, TestName = "Preview = save: oversedation medium after the watch")]
    [TestCase("alcohol", "diazepam", 40, 7, "3", 97, TestName = "Preview = save: benzodiazepine sedation named with its action")]
    [TestCase("heroin", "methadone", 60, 9, "3", 95, TestName = "Preview = save: a sedating opioid named")]
    public async Task Preview_equals_save(string substance, string? drug, int minutesAfterDose, int rate, string poss, int spo2)
    {
        var admission = await _clinic.AdmitAsync(substance);
        if (drug is not null)
        {
            var medication = drug switch { "naloxone" => (400m, "IM", "mcg"), "diazepam" => (10m, "PO", "mg"), _ => (20m, "PO", "mg") };
            await _clinic.DoseAsync(admission, drug, medication.Item1, medication.Item2, medication.Item3);
            _clinic.Advance(TimeSpan.FromMinutes(minutesAfterDose));
        }
        var preview = await _clinic.PreviewVitalsAsync(admission, rate: rate, sedation: poss, spo2: spo2);
        var saved = await _clinic.VitalsAsync(admission, rate: rate, sedation: poss, spo2: spo2);
        string[] Said(JsonObject response) => [.. response["alerts"]!.AsArray().Select(a => $"{(string?)a!["code"]} {(string?)a["priority"]}: {(string?)a["reason"]}").Order()];
        Assert.That(Said(preview), Is.Not.Empty, "each case fires a rule");
        Assert.That(Said(preview), Is.EqualTo(Said(saved)));
        Assert.That(preview["news2"]!.ToJsonString(), Is.EqualTo(saved["news2"]!.ToJsonString()));
    }

    [Test]
    public async Task Preview_names_the_sedating_dose_like_the_save()
    {
        var admission = await _clinic.AdmitAsync("alcohol");
        await _clinic.DoseAsync(admission, "diazepam", 20, "PO");
        _clinic.Advance(TimeSpan.FromMinutes(40));

        var preview = await _clinic.PreviewVitalsAsync(admission, rate: 7, sedation: "3");
        var saved = await _clinic.VitalsAsync(admission, rate: 7, sedation: "3");
        var reasons = preview["alerts"]!.AsArray().Select(a => (string?)a!["reason"]).ToList();
        Assert.That(reasons, Has.Some.Contain("diazepam"));
        Assert.That(reasons, Is.EquivalentTo(saved["alerts"]!.AsArray().Select(a => (string?)a!["reason"])));
    }

    [TestCase(10, "3")]
    [TestCase(12, "3")]
    [TestCase(14, "4")]
    public async Task Drowsiness_makes_the_next_vitals_due_within_fifteen_minutes_and_missing_them_is_high(int rate, string poss)
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var charted = _clinic.Now;
        await _clinic.VitalsAsync(admission, rate: rate, sedation: poss);
        Assert.That(await NextVitalsDueAsync(admission), Is.EqualTo(charted.AddMinutes(15)));

        _clinic.Advance(TimeSpan.FromMinutes(30));
        await _clinic.Service.SweepAsync();
        var overdue = await _clinic.AlertAsync(admission, "observations-overdue");
        Assert.That(overdue, Is.Not.Null, "a missed sedation recheck raises an alert");
        Assert.That((string?)overdue!["priority"], Is.EqualTo("high"));
        Assert.That((string?)overdue["reason"], Does.Contain("sedation recheck"));
    }

    [Test]
    public async Task Once_poss_and_breathing_recover_the_schedule_follows_news2_again()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await _clinic.VitalsAsync(admission, rate: 12, sedation: "3");
        _clinic.Advance(TimeSpan.FromMinutes(15));
        var recovered = _clinic.Now;
        await _clinic.VitalsAsync(admission, rate: 16, sedation: "2");
        Assert.That(await NextVitalsDueAsync(admission), Is.EqualTo(recovered.AddHours(12)), "NEWS2 0: twelve-hourly");
    }

    [Test]
    public async Task A_tablet_running_fast_cannot_hide_the_true_set_charted_after_it()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var fast = await _clinic.VitalsAsync(admission, at: _clinic.Now.AddMinutes(4));
        Assert.That((DateTimeOffset?)fast["observedAt"], Is.EqualTo(_clinic.Now), "stored at the service's time");
        Assert.That((DateTimeOffset?)fast["reportedObservedAt"], Is.EqualTo(_clinic.Now.AddMinutes(4)), "the time sent is kept");

        _clinic.Advance(TimeSpan.FromMinutes(1));
        var trueSet = await _clinic.VitalsAsync(admission, rate: 6, sedation: "4");
        var alert = Alert(trueSet, "respiratory-depression");
        Assert.That((string?)alert["reason"], Does.Not.Contain("Late entry"));
        var board = await _clinic.Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_clinic.WardCode}/board");
        var tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission)!;
        Assert.That((int?)tile["vitals"]!["respiratoryRate"], Is.EqualTo(6));
        Assert.That((DateTimeOffset?)tile["nextVitalsDue"], Is.EqualTo(_clinic.Now.AddMinutes(15)));
    }

    [Test]
    public async Task An_observation_not_done_keeps_the_patient_due_and_the_overdue_alert_names_it()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await _clinic.VitalsAsync(admission, rate: 12, sedation: "3");
        _clinic.Advance(TimeSpan.FromMinutes(16));
        using (var declined = await _clinic.Nurse.PostAsJsonAsync($"/api/admissions/{admission}/observations-not-done", new { kind = "vitals", reason = "declined", note = "pulled the probe off" }))
        {
            Assert.That(declined.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await declined.Content.ReadAsStringAsync());
        }
        _clinic.Advance(TimeSpan.FromMinutes(15));
        await _clinic.Service.SweepAsync();
        var overdue = await _clinic.AlertAsync(admission, "observations-overdue");
        Assert.That(overdue, Is.Not.Null, "declining does not answer the sedation recheck");
        Assert.That((string?)overdue!["priority"], Is.EqualTo("high"));
        Assert.That((string?)overdue["reason"], Does.Contain("declined (pulled the probe off)"));
    }

    [Test]
    public async Task Naloxone_given_by_paramedics_before_admission_starts_the_watch_that_continues_on_the_ward()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var dose = await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg", _clinic.Now.AddMinutes(-40));
        Assert.That((bool?)dose["beforeAdmission"], Is.True);
        _clinic.Advance(TimeSpan.FromMinutes(30));
        var drowsy = await _clinic.VitalsAsync(admission, rate: 14, sedation: "3");
        var oversedation = Alert(drowsy, "oversedation");
        Assert.That((string?)oversedation["priority"], Is.EqualTo("high"));
        Assert.That((string?)oversedation["reason"], Does.Contain("re-sedation watch after naloxone"));
    }

    [Test]
    public async Task A_full_agonist_during_the_watch_raises_a_medium_alert()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg");
        _clinic.Advance(TimeSpan.FromMinutes(45));
        var methadone = await _clinic.DoseAsync(admission, "methadone", 10, "PO");
        var alert = methadone["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "agonist-during-watch")!;
        Assert.That((string?)alert["priority"], Is.EqualTo("medium"));
    }

    [Test]
    public async Task A_partial_set_blanks_nothing_on_the_tile_and_the_census_counts_an_open_news2_high_as_high()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var full = _clinic.Now;
        await _clinic.VitalsAsync(admission, rate: 6, sedation: "3", spo2: 88);
        _clinic.Advance(TimeSpan.FromMinutes(10));
        using (var temperatureOnly = await _clinic.Nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new { observedAt = _clinic.Now.ToString("O"), temperatureC = 37.1 }))
        {
            Assert.That(temperatureOnly.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await temperatureOnly.Content.ReadAsStringAsync());
        }
        var tile = await TileAsync(admission);
        var vitals = tile["vitals"]!;
        Assert.That((int?)vitals["respiratoryRate"], Is.EqualTo(6));
        Assert.That((int?)vitals["spo2"], Is.EqualTo(88));
        Assert.That((string?)vitals["sedation"], Is.EqualTo("3"));
        Assert.That((DateTimeOffset?)vitals["observedAtOf"]!["respiratoryRate"], Is.EqualTo(full));
        Assert.That((int?)vitals["flags"]!["respiratoryRate"], Is.EqualTo(3));
        Assert.That((int?)tile["news2"]!["total"], Is.Not.Null, "the last complete NEWS2 stays beside the newer partial set");
        Assert.That((DateTimeOffset?)tile["news2"]!["newerPartialAt"], Is.EqualTo(_clinic.Now));

        var partialHigh = await _clinic.AdmitAsync("heroin");
        using (var partial = await _clinic.Nurse.PostAsJsonAsync($"/api/admissions/{partialHigh}/vitals", new { observedAt = _clinic.Now.ToString("O"), respiratoryRate = 6, spo2 = 84, onOxygen = false, heartRate = 135 }))
        {
            var body = await partial.Content.ReadFromJsonAsync<JsonObject>();
            Assert.That(body!["alerts"]!.AsArray().Select(a => (string?)a!["code"]), Has.Member("news2-high"));
        }
        var census = await _clinic.Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_clinic.WardCode}/census");
        Assert.That((int?)census!["news2Bands"]!["high"], Is.EqualTo(1), "the partial set scored no total, but its open news2-high puts the patient in the high band");
    }

    [Test]
    public async Task Two_conflicting_sets_at_the_same_minute_the_tile_and_schedule_follow_the_worse()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var at = _clinic.Now;
        await _clinic.VitalsAsync(admission, rate: 24, heartRate: 111, spo2: 93, at: at);
        _clinic.Advance(TimeSpan.FromMinutes(1));
        await _clinic.VitalsAsync(admission, at: at);
        var tile = await TileAsync(admission);
        Assert.That((string?)tile["news2"]!["band"], Is.EqualTo("medium"));
        Assert.That((DateTimeOffset?)tile["nextVitalsDue"], Is.EqualTo(at.AddHours(1)), "NEWS2 medium: hourly, not the normal set's 12 h");
        var timeline = await _clinic.Nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        var sets = timeline!["entries"]!.AsArray().Where(e => (string?)e!["type"] == "vitals").ToList();
        Assert.That(sets, Has.Count.EqualTo(2));
        Assert.That((string?)sets[0]!["conflictsWith"], Is.EqualTo((string?)sets[1]!["id"]), "the timeline marks the pair");
        Assert.That((string?)sets[1]!["conflictsWith"], Is.EqualTo((string?)sets[0]!["id"]));
    }

    [Test]
    public async Task A_missed_round_after_a_partial_set_with_an_open_news2_high_is_high()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        using (var partial = await _clinic.Nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new { observedAt = _clinic.Now.ToString("O"), respiratoryRate = 26, spo2 = 84, onOxygen = false, heartRate = 135, sedation = "1" }))
        {
            Assert.That(partial.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created));
        }
        _clinic.Advance(TimeSpan.FromHours(2));
        await _clinic.Service.SweepAsync();
        var overdue = await _clinic.AlertAsync(admission, "observations-overdue");
        Assert.That(overdue, Is.Not.Null);
        Assert.That((string?)overdue!["priority"], Is.EqualTo("high"));
    }

    private async Task<JsonNode> TileAsync(string admission)
    {
        var board = await _clinic.Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_clinic.WardCode}/board");
        return board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission)!;
    }

    private async Task<DateTimeOffset?> NextVitalsDueAsync(string admission)
    {
        var board = await _clinic.Nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_clinic.WardCode}/board");
        var bed = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission)!;
        return (DateTimeOffset?)bed["nextVitalsDue"];
    }

    private static JsonNode Alert(JsonObject response, string code) =>
        response["alerts"]!.AsArray().SingleOrDefault(a => (string?)a!["code"] == code)
        ?? throw new AssertionException($"no {code} alert in {response.ToJsonString()}");

    private static IEnumerable<string> Shape(JsonObject response) =>
        response["alerts"]!.AsArray().Select(a => $"{(string?)a!["code"]} {(string?)a["priority"]}");
}
