using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>The ward's real workflows, each tried as a charge nurse would: every alert stays safe when people act on it.</summary>
public sealed class AlertSafetyTests(Store store) : ApiTest(store)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    private TestWard _ward = null!;
    private HttpClient _nurse = null!;
    private HttpClient _physician = null!;
    private string _physicianToken = null!;

    [SetUp]
    public async Task PrepareAsync()
    {
        _ward = await NewWardAsync(beds: 6);
        _nurse = await SignInAsync("nurse", _ward.Code);
        var username = Unique("physician");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "physician-password-1", role = "physician", wards = new[] { _ward.Code } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        _physicianToken = await TokenAsync(username, "physician-password-1");
        _physician = Service.CreateClient(_physicianToken);
    }

    [TearDown]
    public void Dispose()
    {
        _nurse.Dispose();
        _physician.Dispose();
    }

    private async Task<Guid> AdmitEarlierAsync(TimeSpan ago, int bed = 0, bool pregnant = false)
    {
        var body = new Dictionary<string, object?>
        {
            ["mrn"] = Unique("MRN"),
            ["displayName"] = "Test Patient",
            ["dateOfBirth"] = "1985-03-14",
            ["ward"] = _ward.Code,
            ["bed"] = _ward.Beds[bed],
            ["substances"] = new[] { "opioid" },
            ["spo2Scale"] = 1,
            ["pregnant"] = pregnant,
            ["admittedAt"] = DateTimeOffset.UtcNow.Subtract(ago).ToString("O"),
        };
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
    }

    private static Dictionary<string, object?> Vitals(int rr, string sedation, int spo2 = 97, string consciousness = "A", DateTimeOffset? at = null)
    {
        var vitals = NormalVitals(at);
        vitals["respiratoryRate"] = rr;
        vitals["sedation"] = sedation;
        vitals["spo2"] = spo2;
        vitals["consciousness"] = consciousness;
        return vitals;
    }

    private async Task<JsonObject> ChartAsync(Guid admission, Dictionary<string, object?> vitals)
    {
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private async Task<List<JsonNode>> AlertsAsync(Guid admission, string status = "open", string? ward = null, HttpClient? reader = null) =>
        [.. (await (reader ?? _physician).GetFromJsonAsync<JsonArray>($"/api/wards/{ward ?? _ward.Code}/alerts?status={status}"))!
            .Where(a => (string?)a!["admissionId"] == admission.ToString()).Select(a => a!)];

    private async Task<JsonNode> AlertAsync(Guid admission, string code, string status = "open") =>
        (await AlertsAsync(admission, status)).Single(a => (string?)a["code"] == code);

    private static List<string?> Codes(JsonObject charted) => [.. charted["alerts"]!.AsArray().Select(a => (string?)a!["code"])];

    // Case 1: acknowledged, then worse: the alert is active again, says what worsened and reaches the board.
    [Test]
    public async Task Acknowledged_alert_re_alarms_on_a_worse_finding_and_reaches_the_board_as_active()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        await ChartAsync(admission, Vitals(10, "3"));
        foreach (var alert in await AlertsAsync(admission))
        {
            using var ack = await _physician.PostAsJsonAsync($"/api/alerts/{alert["id"]}/acknowledge", new { note = "at the bedside" });
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(await AlertsAsync(admission, "active"), Is.Empty);
        await using var board = new WardListener(Service.BaseAddress, _physicianToken);
        await board.JoinAsync(_ward.Code);

        await ChartAsync(admission, Vitals(4, "4", spo2: 84, consciousness: "U"));

        var depression = await AlertAsync(admission, "respiratory-depression", "active");
        Assert.Multiple(() =>
        {
            Assert.That((string?)depression["status"], Is.EqualTo("active"));
            Assert.That((string?)depression["reason"], Does.Contain("RR 10 -> 4").And.Contain("POSS 3 -> 4").And.Contain("since acknowledged at")
                .And.Contain("stop opioids, consider naloxone, call for help"));
            Assert.That((bool?)depression["escalated"], Is.False);
        });
        var oversedation = await AlertAsync(admission, "oversedation", "active");
        Assert.That((string?)oversedation["priority"], Is.EqualTo("high"));

        var pushed = await board.WaitForAsync(e => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["code"] == "respiratory-depression"
            && (string?)e["alert"]!["status"] == "active", Generous);
        Assert.That((string?)pushed["alert"]!["reason"], Does.Contain("RR 10 -> 4"));
        var census = await _physician.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/census");
        Assert.That((int?)census!["activeAlerts"]!["high"], Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Acknowledged_alert_stays_acknowledged_when_the_finding_is_no_worse()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        await ChartAsync(admission, Vitals(7, "3"));
        var alert = await AlertAsync(admission, "respiratory-depression");
        using var ack = await _physician.PostAsJsonAsync($"/api/alerts/{alert["id"]}/acknowledge", new { note = "seen" });
        await ChartAsync(admission, Vitals(8, "3"));
        Assert.That((string?)(await AlertAsync(admission, "respiratory-depression"))["status"], Is.EqualTo("acknowledged"));
    }

    // Case 2: a partial set still alarms, a missing onOxygen is unknown, and the schedule is not lengthened.
    [Test]
    public async Task Partial_set_without_spo2_raises_news2_high_and_is_due_within_the_hour()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var charted = await ChartAsync(admission, new Dictionary<string, object?>
        {
            ["observedAt"] = at.ToString("O"),
            ["respiratoryRate"] = 28,
            ["heartRate"] = 135,
            ["systolicBp"] = 88,
            ["diastolicBp"] = 50,
            ["temperatureC"] = 39.5m,
            ["onOxygen"] = false,
            ["consciousness"] = "A",
        });
        Assert.That((int?)charted["news2"]!["total"], Is.Null);
        var high = charted["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "news2-high")!;
        Assert.That((string?)high["reason"], Does.StartWith("Partial NEWS2 (SpO2 not charted) already 11"));

        var board = await _physician.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board");
        var tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!;
        Assert.That(DateTimeOffset.Parse((string)tile["nextVitalsDue"]!), Is.LessThanOrEqualTo(at.AddHours(1).AddSeconds(1)));
    }

    [Test]
    public async Task Respiratory_rate_30_charted_alone_raises_an_alert()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var charted = await ChartAsync(admission, new Dictionary<string, object?> { ["observedAt"] = DateTimeOffset.UtcNow.ToString("O"), ["respiratoryRate"] = 30 });
        Assert.That(Codes(charted), Is.EqualTo(new[] { "news2-single-parameter" }));
    }

    [Test]
    public async Task Missing_on_oxygen_is_unknown_never_air()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals.Remove("onOxygen");
        var charted = await ChartAsync(admission, vitals);
        Assert.That((string?)charted["news2"]!["notComputedReason"], Does.Contain("air or oxygen (unknown)"));
        Assert.That(charted["news2"]!["parameters"]!.AsObject().ContainsKey("airOrOxygen"), Is.False);
    }

    // Case 3: pregnancy runs the same triggers; under 16 is refused.
    [Test]
    public async Task Pregnant_patient_with_deranged_vitals_raises_a_high_alert_for_obstetric_review()
    {
        var admission = await AdmitAsync(_nurse, _ward, pregnant: true);
        var vitals = NormalVitals();
        vitals["respiratoryRate"] = 26;
        vitals["heartRate"] = 135;
        vitals["systolicBp"] = 85;
        vitals["diastolicBp"] = 50;
        vitals["temperatureC"] = 39.3m;
        var charted = await ChartAsync(admission, vitals);
        Assert.That((int?)charted["news2"]!["total"], Is.Null);
        var high = charted["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "news2-high")!;
        Assert.That((string?)high["priority"], Is.EqualTo("high"));
        Assert.That((string?)high["reason"], Does.Contain("NEWS2 not validated in pregnancy: obstetric review"));
    }

    [TestCase(4)]
    [TestCase(15)]
    public async Task Admission_under_16_is_refused_and_nothing_is_stored(int years)
    {
        var dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-years).AddDays(-1).ToString("yyyy-MM-dd");
        var body = AdmissionBody(_ward, dateOfBirth: dateOfBirth);
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "dateOfBirth");
        Assert.That(await Db.CountAsync("admissions", "ward_code = @Ward", new { Ward = _ward.Code }), Is.Zero);
    }

    // Case 4: a late milder entry never replaces the evidence; impossible times are a 400 with nothing stored.
    [Test]
    public async Task Late_milder_entry_never_replaces_the_evidence_and_says_when_it_was_observed()
    {
        var admission = await AdmitEarlierAsync(TimeSpan.FromHours(3));
        await ChartAsync(admission, Vitals(6, "3"));
        var late = await ChartAsync(admission, Vitals(10, "3", at: DateTimeOffset.UtcNow.AddMinutes(-90)));

        var alert = await AlertAsync(admission, "respiratory-depression");
        Assert.That((string?)alert["reason"], Does.Contain("Respiratory rate 6/min"));
        var answered = late["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "respiratory-depression")!;
        Assert.That((string?)answered["reason"], Does.Contain("Respiratory rate 6/min"));
        var timeline = await _physician.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        var vitalsInOrder = timeline!["entries"]!.AsArray().Where(e => (string?)e!["type"] == "vitals").Select(e => (string?)e!["id"]).ToList();
        Assert.That(vitalsInOrder[0], Is.EqualTo((string?)late["id"]), "the late entry is shown where it was observed");
        var current = await _physician.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((int?)current!["latestVitals"]!["respiratoryRate"], Is.EqualTo(6));
    }

    [Test]
    public async Task Late_entry_raising_an_alert_names_when_it_was_observed()
    {
        var admission = await AdmitEarlierAsync(TimeSpan.FromHours(3));
        await ChartAsync(admission, NormalVitals());
        var late = await ChartAsync(admission, Vitals(7, "3", at: DateTimeOffset.UtcNow.AddMinutes(-90)));
        var alert = late["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "respiratory-depression")!;
        Assert.That((string?)alert["reason"], Does.Match("Late entry: observed [0-2][0-9]:[0-5][0-9], charted [0-2][0-9]:[0-5][0-9]\\."));
    }

    [TestCase("vitals", "3 days before")]
    [TestCase("vitals", "1900-01-01T08:00:00Z")]
    [TestCase("cows", "0001-01-01T00:00:00Z")]
    [TestCase("cows", "before admission")]
    [TestCase("vitals", "before admission")]
    public async Task Observation_time_outside_the_admission_or_the_last_day_is_refused_and_nothing_stored(string kind, string when)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var observedAt = when switch
        {
            "3 days before" => DateTimeOffset.UtcNow.AddDays(-3).ToString("O"),
            "before admission" => DateTimeOffset.UtcNow.AddHours(-2).ToString("O"),
            _ => when,
        };
        using var response = kind == "vitals"
            ? await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new Dictionary<string, object?>(NormalVitals()) { ["observedAt"] = observedAt })
            : await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt, items = CowsItems() });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "observedAt");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    // Case 5: marking the worsening reading in error takes its values and priority out of the alert.
    [Test]
    public async Task Marking_the_worsening_reading_in_error_recomputes_the_alert_from_the_valid_readings()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        await ChartAsync(admission, Vitals(10, "3"));
        var worse = await ChartAsync(admission, Vitals(4, "4"));
        Assert.That((string?)(await AlertAsync(admission, "oversedation"))["priority"], Is.EqualTo("high"));

        using var marked = await _nurse.PostAsJsonAsync($"/api/observations/{worse["id"]}/entered-in-error", new { reason = "wrong patient" });
        Assert.That(marked.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var depression = await AlertAsync(admission, "respiratory-depression");
        var oversedation = await AlertAsync(admission, "oversedation");
        Assert.Multiple(() =>
        {
            Assert.That((string?)depression["reason"], Does.Contain("Respiratory rate 10/min").And.Not.Contain("4/min"));
            Assert.That((string?)depression["observationId"], Is.Not.EqualTo((string?)worse["id"]));
            Assert.That((string?)oversedation["priority"], Is.EqualTo("medium"));
            Assert.That((string?)oversedation["reason"], Does.Contain("POSS 3").And.Not.Contain("POSS 4"));
        });
    }

    // Case 7: alerts move with the patient, to the receiving ward's board and out of the sending one.
    [Test]
    public async Task Transfer_delivers_the_alerts_to_the_receiving_wards_board_and_removes_them_from_the_sending_one()
    {
        var other = await NewWardAsync(beds: 2);
        var username = Unique("physician");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "physician-password-1", role = "physician", wards = new[] { _ward.Code, other.Code } });
        }
        var token = await TokenAsync(username, "physician-password-1");
        using var nurse = await SignInAsync("nurse", _ward.Code, other.Code);
        var admission = await AdmitAsync(nurse, _ward);
        var vitals = Vitals(7, "4", spo2: 90, consciousness: "P");
        using (var charted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals))
        {
            Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var moving = await AlertsAsync(admission);
        Assert.That(moving, Has.Count.GreaterThanOrEqualTo(4));

        await using var sending = new WardListener(Service.BaseAddress, token);
        await sending.JoinAsync(_ward.Code);
        await using var receiving = new WardListener(Service.BaseAddress, token);
        await receiving.JoinAsync(other.Code);

        using var transfer = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = other.Beds[1] });
        Assert.That(transfer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await transfer.Content.ReadAsStringAsync());

        foreach (var alert in moving)
        {
            var raised = await receiving.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["id"] == (string?)alert["id"], Generous);
            Assert.That((string?)raised["alert"]!["ward"], Is.EqualTo(other.Code));
            Assert.That((string?)raised["alert"]!["bed"], Is.EqualTo(other.Beds[1]));
            Assert.That((string?)raised["alert"]!["reason"], Is.EqualTo((string?)alert["reason"]));
            var left = await sending.WaitForAsync(e => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["id"] == (string?)alert["id"], Generous);
            Assert.That((string?)left["alert"]!["ward"], Is.EqualTo(other.Code));
        }
        using var both = Service.CreateClient(token);
        Assert.That(await AlertsAsync(admission, ward: other.Code, reader: both), Has.Count.EqualTo(moving.Count));
        Assert.That(await AlertsAsync(admission), Is.Empty);
        var census = await _physician.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/census");
        Assert.That((int?)census!["activeAlerts"]!["high"], Is.Zero);
    }

    // Case 8: a nurse cannot discharge past an open high alert; a physician can, with a reason.
    [Test]
    public async Task Nurse_discharge_with_an_open_high_alert_is_refused_naming_it_and_changes_nothing()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        await ChartAsync(admission, Vitals(7, "3"));
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = "going home" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain("respiratory-depression"));
        Assert.That(problem["alerts"]!.AsArray().Select(a => (string?)a!["code"]), Has.Member("respiratory-depression"));
        var current = await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((string?)current!["status"], Is.EqualTo("admitted"));
        Assert.That((string?)(await AlertAsync(admission, "respiratory-depression"))["status"], Is.EqualTo("active"));
    }

    [Test]
    public async Task Physician_discharges_with_a_reason_and_the_alerts_resolve_with_it()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        await ChartAsync(admission, Vitals(7, "3"));
        using var noReason = await _physician.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { });
        await AssertProblemAsync(noReason, HttpStatusCode.Conflict);

        using var response = await _physician.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { reason = "Transferred to ICU by the outreach team" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var resolved = await AlertAsync(admission, "respiratory-depression", "resolved");
        Assert.That((string?)resolved["resolveNote"], Does.Contain("Transferred to ICU by the outreach team"));
    }

    [Test]
    public async Task Nurse_discharge_without_high_alerts_still_resolves_the_others()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var drowsy = NormalVitals();
        drowsy["sedation"] = "3";
        await ChartAsync(admission, drowsy);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = "home" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await AlertAsync(admission, "oversedation", "resolved"))["resolveNote"], Is.EqualTo("Patient discharged."));
    }

    // Case 9: scale 2 is a physician's decision; on it, too much oxygen is the alarm.
    [Test]
    public async Task Nurse_admits_on_scale_1_only_and_nothing_is_stored()
    {
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward, spo2Scale: 2));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "spo2Scale");
        Assert.That(await Db.CountAsync("admissions", "ward_code = @Ward", new { Ward = _ward.Code }), Is.Zero);
    }

    [Test]
    public async Task Physician_changes_the_spo2_scale_with_a_reason_audited_and_shown()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var byNurse = await _nurse.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 2, reason = "COPD" });
        Assert.That(byNurse.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var badScale = await _physician.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 3, reason = "COPD" });
        await AssertProblemAsync(badScale, HttpStatusCode.BadRequest, "scale");
        using var noReason = await _physician.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 2 });
        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "reason");
        Assert.That(await Db.CountAsync("spo2_scale_changes", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);

        using var changed = await _physician.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 2, reason = "COPD with hypercapnia on blood gas" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        var view = await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((int?)view!["spo2Scale"], Is.EqualTo(2));
        var history = view["spo2ScaleChanges"]!.AsArray().Single()!;
        Assert.That((string?)history["reason"], Is.EqualTo("COPD with hypercapnia on blood gas"));
        Assert.That((string?)history["changedBy"], Does.StartWith("physician"));
        Assert.That(await Db.CountAsync("audit_log", "action = 'admission.spo2-scale-changed' AND admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
    }

    [Test]
    public async Task On_scale_2_spo2_97_on_oxygen_is_over_oxygenation_never_hypoxaemia()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using (var changed = await _physician.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 2, reason = "COPD" }))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var vitals = NormalVitals();
        vitals["onOxygen"] = true;
        vitals["oxygenDevice"] = "venturi";
        vitals["oxygenFlowLpm"] = 4;
        var charted = await ChartAsync(admission, vitals);
        Assert.That(Codes(charted), Has.Member("over-oxygenation").And.No.Member("hypoxaemia"));
        var alert = charted["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "over-oxygenation")!;
        Assert.That((string?)alert["priority"], Is.EqualTo("medium"));
        Assert.That((string?)alert["reason"], Does.Contain("reduce oxygen to the target 88-92 %"));
        var latest = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}"))!["latestVitals"]!;
        Assert.That((string?)latest["oxygenDevice"], Is.EqualTo("venturi"));
        Assert.That((decimal?)latest["oxygenFlowLpm"], Is.EqualTo(4m));
    }

    [Test]
    public async Task Changing_to_scale_2_decides_the_open_saturation_alerts_again_at_once()
    {
        var onAir = await AdmitAsync(_nurse, _ward);
        var low = NormalVitals();
        low["spo2"] = 89;
        var charted = await ChartAsync(onAir, low);
        var hypoxaemia = charted["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "hypoxaemia")!;
        using var acknowledged = await _nurse.PostAsJsonAsync($"/api/alerts/{hypoxaemia["id"]}/acknowledge", new { note = "known COPD" });

        using (var changed = await _physician.PutAsJsonAsync($"/api/admissions/{onAir}/spo2-scale", new { scale = 2, reason = "COPD, target 88-92 %" }))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        }
        var resolved = await AlertAsync(onAir, "hypoxaemia", "resolved");
        Assert.That((string?)resolved["resolveNote"], Does.Contain("SpO2 89 % read on scale 2"));

        var onOxygen = await AdmitAsync(_nurse, _ward, bed: 1);
        var high = NormalVitals();
        high["onOxygen"] = true;
        high["oxygenDevice"] = "venturi";
        high["oxygenFlowLpm"] = 4;
        await ChartAsync(onOxygen, high);
        using (var changed = await _physician.PutAsJsonAsync($"/api/admissions/{onOxygen}/spo2-scale", new { scale = 2, reason = "COPD" }))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var raised = (await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{_ward.Code}/alerts?status=active"))!
            .Where(a => (string?)a!["admissionId"] == onOxygen.ToString()).Select(a => (string?)a!["code"]);
        Assert.That(raised, Has.Member("over-oxygenation"), "97 % on oxygen is too much on scale 2, flagged as soon as the scale changes");
    }

    // H6: the tile flags saturation by the NEWS2 score on the patient's scale, which it names; the dashboard keeps no threshold.
    [TestCase(1, 91, false, 3)]
    [TestCase(1, 92, false, 2)]
    [TestCase(2, 89, false, 0)]
    [TestCase(2, 97, true, 3)]
    [TestCase(2, 83, false, 3)]
    public async Task The_tile_carries_the_spo2_scale_and_the_services_flags(int scale, int spo2, bool onOxygen, int flag)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        if (scale == 2)
        {
            using var changed = await _physician.PutAsJsonAsync($"/api/admissions/{admission}/spo2-scale", new { scale = 2, reason = "COPD" });
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var vitals = NormalVitals();
        vitals["spo2"] = spo2;
        vitals["onOxygen"] = onOxygen;
        if (onOxygen)
        {
            vitals["oxygenDevice"] = "venturi";
            vitals["oxygenFlowLpm"] = 4;
        }
        vitals["respiratoryRate"] = 7;
        vitals["sedation"] = "3";
        await ChartAsync(admission, vitals);

        var board = await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board");
        var tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!["vitals"]!;
        Assert.That((int?)tile["spo2Scale"], Is.EqualTo(scale));
        Assert.That((string?)tile["spo2ScaleName"], Is.EqualTo(scale == 2 ? "Scale 2 (88–92 %)" : "Scale 1"));
        Assert.That((int?)tile["flags"]!["spo2"], Is.EqualTo(flag));
        Assert.That((int?)tile["flags"]!["respiratoryRate"], Is.EqualTo(3));
        Assert.That((int?)tile["flags"]!["sedation"], Is.EqualTo(3));
    }

    [TestCase("oxygenDevice", "hose", true)]
    [TestCase("oxygenFlowLpm", 0.2, true)]
    [TestCase("oxygenFlowLpm", 61, true)]
    [TestCase("oxygenDevice", "nasal-cannula", false)]
    public async Task Oxygen_device_and_flow_outside_the_list_or_range_are_refused(string field, object value, bool onOxygen)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["onOxygen"] = onOxygen;
        vitals[field] = value;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, onOxygen ? field : "onOxygen");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    // Case 10: reasons give the action, and times in the ward's own time zone.
    [Test]
    public async Task Reasons_give_the_action_and_times_in_the_wards_time_zone()
    {
        using (var admin = await AdminAsync())
        {
            using var bad = await admin.PutAsJsonAsync($"/api/wards/{_ward.Code}/settings", new { timeZone = "Mars/Olympus" });
            await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "timeZone");
            using var set = await admin.PutAsJsonAsync($"/api/wards/{_ward.Code}/settings", new { timeZone = "Asia/Kolkata" });
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        }
        var admission = await AdmitEarlierAsync(TimeSpan.FromHours(3));
        await ChartAsync(admission, NormalVitals());
        var observedAt = DateTimeOffset.UtcNow.AddMinutes(-90);
        var late = await ChartAsync(admission, Vitals(7, "4", at: observedAt));
        var reason = (string?)late["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "respiratory-depression")!["reason"];
        var kolkata = TimeZoneInfo.ConvertTime(observedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        Assert.That(reason, Does.Contain($"observed {kolkata:HH:mm}").And.Contain("stop opioids, consider naloxone, call for help"));
    }
}
