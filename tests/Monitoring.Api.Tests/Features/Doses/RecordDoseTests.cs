using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Doses;

public sealed class RecordDoseTests(Store store) : ApiTest(store)
{
    private static Dictionary<string, object?> DoseBody(string drug = "methadone", decimal dose = 40, string unit = "mg", string route = "PO", DateTimeOffset? givenAt = null) => new()
    {
        ["drug"] = drug,
        ["dose"] = dose,
        ["unit"] = unit,
        ["route"] = route,
        ["givenAt"] = (givenAt ?? DateTimeOffset.UtcNow).ToString("O"),
        ["reason"] = "prescribed",
    };

    private async Task<(HttpClient Nurse, Guid Admission)> PatientAsync()
    {
        var ward = await NewWardAsync();
        var nurse = await SignInAsync("nurse", ward.Code);
        return (nurse, await AdmitAsync(nurse, ward));
    }

    [Test]
    public async Task A_dose_is_stored_answered_with_its_checks_and_shown_in_timeline_doses_and_admission()
    {
        var (nurse, admission) = await PatientAsync();
        var givenAt = DateTimeOffset.UtcNow;
        using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/doses", DoseBody(givenAt: givenAt));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadObjectAsync(response);
        var id = (string)body["id"]!;
        Assert.That((string?)body["drugClass"], Is.EqualTo("full-opioid-agonist"));
        Assert.That((decimal)body["doseMg"]!, Is.EqualTo(40m));
        Assert.That(body["alerts"]!.AsArray(), Is.Empty);
        var check = body["checksDue"]!.AsArray().Single()!;
        Assert.That((string?)check["kind"], Is.EqualTo("poss-rr"));
        Assert.That((DateTimeOffset)check["dueAt"]!, Is.EqualTo(givenAt.AddHours(2)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(response.Headers.Location?.ToString(), Does.EndWith($"#{id}"));

        var timeline = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        var entry = timeline!["entries"]!.AsArray().Single(e => (string?)e!["type"] == "dose")!;
        Assert.That((string?)entry["dose"]!["drug"], Is.EqualTo("methadone"));
        Assert.That((string?)entry["dose"]!["recordedBy"], Does.StartWith("nurse"));

        var doses = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/doses");
        Assert.That(doses!["doses"]!.AsArray().Select(d => (string?)d!["id"]), Is.EqualTo(new[] { id }));
        Assert.That((string?)doses["checksDue"]![0]!["kind"], Is.EqualTo("poss-rr"));

        var view = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((string?)view!["lastDose"]!["id"], Is.EqualTo(id));
        Assert.That(await Db.CountAsync("audit_log", "action = 'dose.recorded' AND resource = @Resource", new { Resource = $"dose/{id}" }), Is.EqualTo(1));
        nurse.Dispose();
    }

    [Test]
    public async Task A_physician_may_chart_a_dose_and_micrograms_are_converted()
    {
        var ward = await NewWardAsync();
        using var physician = await SignInAsync("physician", ward.Code);
        var admission = await AdmitAsync(physician, ward);
        using var response = await physician.PostAsJsonAsync($"/api/admissions/{admission}/doses", DoseBody("naloxone", 400, "mcg", "IM"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((decimal)(await ReadObjectAsync(response))["doseMg"]!, Is.EqualTo(0.4m));
    }

    private static IEnumerable<TestCaseData> BadDoses()
    {
        TestCaseData Case(string name, string field, Action<Dictionary<string, object?>> change) => new TestCaseData(field, change).SetName($"Bad dose is a 400 naming {field}: {name}");
        yield return Case("unknown drug", "drug", b => b["drug"] = "morphine");
        yield return Case("no drug", "drug", b => b.Remove("drug"));
        yield return Case("route the drug is not given by", "route", b => b["route"] = "IV");
        yield return Case("route unknown", "route", b => b["route"] = "rectal");
        yield return Case("buprenorphine 8000 mg", "dose", b => { b["drug"] = "buprenorphine"; b["route"] = "SL"; b["dose"] = 8000m; });
        yield return Case("below the plausible range", "dose", b => b["dose"] = 0.5m);
        yield return Case("zero", "dose", b => b["dose"] = 0m);
        yield return Case("no dose", "dose", b => b.Remove("dose"));
        yield return Case("unit g", "unit", b => b["unit"] = "g");
        yield return Case("in the future", "givenAt", b => b["givenAt"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O"));
        yield return Case("more than 24 h ago", "givenAt", b => b["givenAt"] = DateTimeOffset.UtcNow.AddHours(-25).ToString("O"));
        yield return Case("no time", "givenAt", b => b.Remove("givenAt"));
        yield return Case("dose as text", "dose", b => b["dose"] = "forty");
    }

    [TestCaseSource(nameof(BadDoses))]
    public async Task Bad_input_is_refused_and_nothing_is_stored(string field, Action<Dictionary<string, object?>> change)
    {
        var (nurse, admission) = await PatientAsync();
        var body = DoseBody();
        change(body);
        using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/doses", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("doses", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
        nurse.Dispose();
    }

    [Test]
    public async Task The_same_key_replays_and_another_body_conflicts()
    {
        var (nurse, admission) = await PatientAsync();
        var body = DoseBody();
        async Task<HttpResponseMessage> SendAsync(object content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admissions/{admission}/doses") { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", "dose-key-1");
            return await nurse.SendAsync(request);
        }
        using var first = await SendAsync(body);
        using var again = await SendAsync(body);
        var other = DoseBody(dose: 50);
        using var conflict = await SendAsync(other);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That((string?)(await ReadObjectAsync(again))["id"], Is.EqualTo((string?)(await ReadObjectAsync(first))["id"]));
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        Assert.That(await Db.CountAsync("doses", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
        nurse.Dispose();
    }

    [Test]
    public async Task A_dose_marked_in_error_resolves_what_only_it_raised_and_drops_its_checks()
    {
        var (nurse, admission) = await PatientAsync();
        using var given = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/doses", DoseBody("naloxone", 0.4m, "mg", "IM"));
        var body = await ReadObjectAsync(given);
        var id = (string)body["id"]!;
        Assert.That(body["alerts"]!.AsArray().Select(a => (string?)a!["code"]), Is.EqualTo(new[] { "naloxone-given" }));
        Assert.That((string?)body["checksDue"]![0]!["kind"], Is.EqualTo("vitals-poss"));

        using var marked = await nurse.PostAsJsonAsync($"/api/observations/{id}/entered-in-error", new { reason = "wrong patient" });
        using var twice = await nurse.PostAsJsonAsync($"/api/observations/{id}/entered-in-error", new { reason = "wrong patient" });

        Assert.That(marked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await marked.Content.ReadAsStringAsync());
        Assert.That((string?)(await ReadObjectAsync(marked))["kind"], Is.EqualTo("dose"));
        await AssertProblemAsync(twice, HttpStatusCode.Conflict);
        var alert = (await nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{(string)body["alerts"]![0]!["ward"]!}/alerts?status=resolved"))!
            .Single(a => (string?)a!["admissionId"] == admission.ToString())!;
        Assert.That((string?)alert["resolveNote"], Does.Contain("dose entered in error"));
        var doses = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/doses");
        Assert.That((string?)doses!["doses"]![0]!["enteredInError"]!["reason"], Is.EqualTo("wrong patient"));
        Assert.That(doses["checksDue"]!.AsArray(), Is.Empty);
        Assert.That(await Db.CountAsync("audit_log", "action = 'dose.entered-in-error'", null), Is.GreaterThanOrEqualTo(1));
        nurse.Dispose();
    }

    [Test]
    public async Task Substances_accept_strings_and_objects_with_last_use()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var lastUse = DateTimeOffset.UtcNow.AddHours(-10);
        using var response = await nurse.PostAsJsonAsync("/api/admissions", new
        {
            mrn = Unique("MRN"),
            displayName = "Test Patient",
            dateOfBirth = "1985-03-14",
            ward = ward.Code,
            bed = ward.Beds[0],
            substances = new object[] { new { substance = "fentanyl", lastUseAt = lastUse.ToString("O") }, "alcohol" },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var view = await ReadObjectAsync(response);
        Assert.That(view["substances"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "opioid", "alcohol" }));
        var uses = view["substanceUse"]!.AsArray();
        Assert.That((string?)uses[0]!["substance"], Is.EqualTo("fentanyl"));
        Assert.That((string?)uses[0]!["class"], Is.EqualTo("opioid"));
        Assert.That((DateTimeOffset)uses[0]!["lastUseAt"]!, Is.EqualTo(lastUse).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(uses[1]!["lastUseAt"], Is.Null);
    }

    [TestCase("{\"substance\":\"crack\"}", "substances[0]")]
    [TestCase("{\"substance\":\"heroin\",\"lastUseAt\":\"2999-01-01T00:00:00Z\"}", "substances[0]")]
    [TestCase("{\"substance\":\"heroin\",\"dose\":3}", "substances[0]")]
    [TestCase("42", "substances[0]")]
    public async Task Bad_substances_are_refused(string substance, string field)
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var json = $"{{\"mrn\":\"{Unique("MRN")}\",\"displayName\":\"P\",\"dateOfBirth\":\"1985-03-14\",\"ward\":\"{ward.Code}\",\"bed\":\"{ward.Beds[0]}\",\"substances\":[{substance}]}}";
        using var response = await nurse.PostAsync(new Uri("/api/admissions", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("admissions", "ward_code = @Ward", new { Ward = ward.Code }), Is.Zero);
    }

    [Test]
    public async Task The_catalogue_lists_every_drug_with_class_routes_and_range()
    {
        using var manager = await SignInAsync("manager");
        var catalogue = await manager.GetFromJsonAsync<JsonArray>("/api/medications");
        var buprenorphine = catalogue!.Single(m => (string?)m!["drug"] == "buprenorphine")!;
        Assert.That(catalogue!.Count, Is.EqualTo(10));
        Assert.That((string?)buprenorphine["class"], Is.EqualTo("partial-opioid-agonist"));
        Assert.That(buprenorphine["routes"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "SL", "buccal" }));
        Assert.That((decimal)buprenorphine["minimumMg"]!, Is.EqualTo(0.5m));
        Assert.That((decimal)buprenorphine["maximumMg"]!, Is.EqualTo(32m));
    }

    [Test]
    public async Task A_manager_cannot_chart_a_dose_and_a_nurse_of_another_ward_neither()
    {
        var (nurse, admission) = await PatientAsync();
        using var manager = await SignInAsync("manager");
        var other = await NewWardAsync();
        using var outsider = await SignInAsync("nurse", other.Code);
        using var byManager = await manager.PostAsJsonAsync($"/api/admissions/{admission}/doses", DoseBody());
        using var byOutsider = await outsider.PostAsJsonAsync($"/api/admissions/{admission}/doses", DoseBody());
        Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        // Another ward's admission answers like one that does not exist.
        await AssertProblemAsync(byOutsider, HttpStatusCode.NotFound);
        Assert.That(await Db.CountAsync("doses", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
        nurse.Dispose();
    }
}
