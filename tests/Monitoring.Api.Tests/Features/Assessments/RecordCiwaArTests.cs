using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Assessments;

/// <summary>POST /api/admissions/{id}/ciwa-ar as design.md describes it: scoring, refusals, rules, schedule and reads.</summary>
public sealed class RecordCiwaArTests(Store store) : ApiTest(store)
{
    private static readonly string[] Items =
    [
        "nauseaVomiting", "tremor", "paroxysmalSweats", "anxiety", "agitation",
        "tactileDisturbances", "auditoryDisturbances", "visualDisturbances", "headache", "orientation",
    ];

    private HttpClient _nurse = null!;
    private TestWard _ward = null!;

    [SetUp]
    public async Task CreateWardAndNurseAsync()
    {
        _ward = await NewWardAsync(beds: 6);
        _nurse = await SignInAsync("nurse", _ward.Code);
    }

    [TearDown]
    public void DisposeClient() => _nurse.Dispose();

    private async Task<Guid> AdmitAsync(int bed = 0, params string[] substances)
    {
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", new
        {
            mrn = Unique("MRN"),
            displayName = "Alcohol Patient",
            dateOfBirth = "1975-05-05",
            ward = _ward.Code,
            bed = _ward.Beds[bed],
            substances = substances.Length == 0 ? ["alcohol"] : substances,
            spo2Scale = 1,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
    }

    /// <summary>Items summing to <paramref name="total"/>, filled item by item up to each one's maximum.</summary>
    private static Dictionary<string, object?> ItemsTotalling(int total)
    {
        var items = new Dictionary<string, object?>();
        foreach (var item in Items)
        {
            var score = Math.Min(total, item == "orientation" ? 4 : 7);
            items[item] = score;
            total -= score;
        }
        Assert.That(total, Is.Zero, "a CIWA-Ar total is at most 67");
        return items;
    }

    private Task<HttpResponseMessage> ChartAsync(Guid admission, object items, DateTimeOffset? at = null) =>
        _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = (at ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O"), items });

    private Task<HttpResponseMessage> ChartRawAsync(Guid admission, string json) =>
        _nurse.PostAsync(new Uri($"/api/admissions/{admission}/ciwa-ar", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<long> StoredOf(Guid admission) => Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) });

    [TestCase(0, "mild")]
    [TestCase(10, "mild")]
    [TestCase(11, "moderate")]
    [TestCase(15, "moderate")]
    [TestCase(16, "severe")]
    [TestCase(67, "severe")]
    public async Task Total_and_severity_at_every_band_edge(int total, string severity)
    {
        var admission = await AdmitAsync();
        using var response = await ChartAsync(admission, ItemsTotalling(total));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Does.StartWith($"/api/admissions/{admission}/timeline#"));
        var body = await ReadObjectAsync(response);
        Assert.That((int?)body["total"], Is.EqualTo(total));
        Assert.That((string?)body["severity"], Is.EqualTo(severity));
        Assert.That(body["alerts"], Is.InstanceOf<JsonArray>());
        var stored = await Db.QueryAsync<(string Kind, long Total, string Band)>(
            "SELECT kind, total, band FROM assessments WHERE observation_id = @Id", new { Id = Db.Id(Guid.Parse((string)body["id"]!)) });
        Assert.That(stored, Is.EqualTo(new[] { ("ciwa-ar", (long)total, severity) }));
    }

    [TestCase("tremor", "8")]
    [TestCase("tremor", "-1")]
    [TestCase("orientation", "5")]
    [TestCase("headache", "3.5")]
    [TestCase("anxiety", "\"3\"")]
    [TestCase("agitation", "true")]
    [TestCase("nauseaVomiting", "null")]
    public async Task A_bad_item_is_400_naming_it_and_nothing_is_stored(string item, string value)
    {
        var admission = await AdmitAsync();
        var fields = string.Join(", ", Items.Select(i => $"\"{i}\": {(i == item ? value : "1")}"));
        var observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        using var response = await ChartRawAsync(admission, "{\"observedAt\": \"" + observedAt + "\", \"items\": {" + fields + "}}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"items.{item}");
        Assert.That(await StoredOf(admission), Is.Zero);
    }

    [TestCaseSource(nameof(Items))]
    public async Task A_missing_item_is_400_naming_it_and_nothing_is_stored(string item)
    {
        var admission = await AdmitAsync();
        var items = ItemsTotalling(5);
        items.Remove(item);
        using var response = await ChartAsync(admission, items);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"items.{item}");
        Assert.That(await StoredOf(admission), Is.Zero);
    }

    [Test]
    public async Task Missing_items_unknown_items_and_future_times_are_400()
    {
        var admission = await AdmitAsync();
        using var noItems = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = DateTimeOffset.UtcNow.ToString("O") });
        await AssertProblemAsync(noItems, HttpStatusCode.BadRequest, "items");

        var extra = ItemsTotalling(3);
        extra["seizures"] = 1;
        using var unknown = await ChartAsync(admission, extra);
        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "items.seizures");

        using var future = await ChartAsync(admission, ItemsTotalling(3), DateTimeOffset.UtcNow.AddHours(1));
        await AssertProblemAsync(future, HttpStatusCode.BadRequest, "observedAt");
        Assert.That(await StoredOf(admission), Is.Zero);
    }

    [Test]
    public async Task Only_a_nurse_charts_it()
    {
        var admission = await AdmitAsync();
        using var physician = await SignInAsync("physician", _ward.Code);
        using var manager = await SignInAsync("manager");
        using var anonymous = Service.CreateClient();
        foreach (var (client, status) in new[] { (physician, HttpStatusCode.Forbidden), (manager, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var response = await client.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items = ItemsTotalling(4) });
            Assert.That(response.StatusCode, Is.EqualTo(status));
        }
        using var outsider = await SignInAsync("nurse", (await NewWardAsync()).Code);
        using var other = await outsider.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items = ItemsTotalling(4) });
        await AssertProblemAsync(other, HttpStatusCode.Forbidden);
        Assert.That(await StoredOf(admission), Is.Zero);
    }

    [TestCase(9, new string[0])]
    [TestCase(10, new[] { "ciwa-medication-threshold:low" })]
    [TestCase(15, new[] { "ciwa-medication-threshold:low" })]
    [TestCase(16, new[] { "ciwa-medication-threshold:low", "alcohol-withdrawal-severe:medium" })]
    [TestCase(19, new[] { "ciwa-medication-threshold:low", "alcohol-withdrawal-severe:medium" })]
    [TestCase(20, new[] { "ciwa-medication-threshold:low", "alcohol-withdrawal-severe:high" })]
    public async Task Rules_fire_at_their_thresholds(int total, string[] expected)
    {
        var admission = await AdmitAsync();
        using var response = await ChartAsync(admission, ItemsTotalling(total));
        var alerts = (await ReadObjectAsync(response))["alerts"]!.AsArray();
        Assert.That(alerts.Select(a => $"{a!["code"]}:{a["priority"]}"), Is.EquivalentTo(expected));
        Assert.That(alerts.Select(a => (string?)a!["reason"]), Has.All.Contain($"CIWA-Ar {total}"));
    }

    [Test]
    public async Task Ward_thresholds_are_validated_and_move_the_rules()
    {
        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/settings"))!;
        Assert.That(((int?)settings["ciwaMedicationThreshold"], (int?)settings["ciwaHighThreshold"]), Is.EqualTo((10, 20)));

        foreach (var (field, value) in new[] { ("ciwaMedicationThreshold", 0), ("ciwaMedicationThreshold", 68), ("ciwaHighThreshold", 68) })
        {
            var silencing = settings.DeepClone().AsObject();
            silencing[field] = value;
            using var refused = await admin.PutAsJsonAsync($"/api/wards/{_ward.Code}/settings", silencing);
            await AssertProblemAsync(refused, HttpStatusCode.BadRequest, field);
        }

        settings["ciwaMedicationThreshold"] = 12;
        settings["ciwaHighThreshold"] = 17;
        using var changed = await admin.PutAsJsonAsync($"/api/wards/{_ward.Code}/settings", settings);
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());

        var admission = await AdmitAsync();
        using var eleven = await ChartAsync(admission, ItemsTotalling(11));
        Assert.That((await ReadObjectAsync(eleven))["alerts"]!.AsArray(), Is.Empty);
        using var seventeen = await ChartAsync(admission, ItemsTotalling(17));
        var alerts = (await ReadObjectAsync(seventeen))["alerts"]!.AsArray();
        Assert.That(alerts.Select(a => $"{a!["code"]}:{a["priority"]}"), Is.EquivalentTo(new[] { "ciwa-medication-threshold:low", "alcohol-withdrawal-severe:high" }));
    }

    [Test]
    public async Task Alcohol_schedules_ciwa_ar_opioids_cows_and_both_when_both()
    {
        var alcohol = await AdmitAsync(0, "alcohol");
        var opioid = await AdmitAsync(1, "opioid");
        var both = await AdmitAsync(2, "opioid", "alcohol");

        var board = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board"))!;
        string[] DueKinds(Guid admission) => [.. board["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!["due"]!.AsArray().Select(d => (string)d!["kind"]!)];
        Assert.That(DueKinds(alcohol), Is.EqualTo(new[] { "vitals", "ciwa-ar" }));
        Assert.That(DueKinds(opioid), Is.EqualTo(new[] { "vitals", "cows" }));
        Assert.That(DueKinds(both), Is.EqualTo(new[] { "vitals", "cows", "ciwa-ar" }));
    }

    [TestCase(9, 4 * 60)]
    [TestCase(10, 60)]
    public async Task Next_ciwa_ar_is_due_four_hourly_or_hourly_from_the_threshold(int total, int minutes)
    {
        var admission = await AdmitAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var response = await ChartAsync(admission, ItemsTotalling(total), at);
        var board = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board"))!;
        var due = board["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!["due"]!.AsArray()
            .Single(d => (string?)d!["kind"] == "ciwa-ar")!;
        Assert.That(DateTimeOffset.Parse((string)due["at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(at.AddMinutes(minutes)).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Board_admission_timeline_and_census_show_it()
    {
        var admission = await AdmitAsync(0, "opioid", "alcohol");
        using var ciwa = await ChartAsync(admission, ItemsTotalling(17));
        var id = (string)(await ReadObjectAsync(ciwa))["id"]!;

        var board = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board"))!;
        var tile = board["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!;
        var latest = tile["assessments"]!.AsArray().Single()!;
        Assert.That(((string?)latest["kind"], (string?)latest["scale"], (int?)latest["total"], (string?)latest["severity"]), Is.EqualTo(("ciwa-ar", "CIWA-Ar", 17, "severe")));
        Assert.That(tile["cows"], Is.Null);

        var view = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}"))!;
        Assert.That((int?)view["latestAssessments"]![0]!["total"], Is.EqualTo(17));
        Assert.That(view["latestCows"], Is.Null);

        var timeline = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline"))!;
        var entry = timeline["entries"]!.AsArray().Single(e => (string?)e!["id"] == id)!;
        Assert.That((string?)entry["type"], Is.EqualTo("ciwa-ar"));
        Assert.That((int?)entry["assessment"]!["items"]!["nauseaVomiting"], Is.EqualTo(7));

        var census = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/census"))!;
        var severities = census["assessmentSeverities"]!["ciwa-ar"]!;
        Assert.That(((int?)severities["severe"], (int?)severities["mild"], (int?)severities["not-assessed"]), Is.EqualTo((1, 0, 0)));
        Assert.That((int?)census["assessmentSeverities"]!["cows"]!["not-assessed"], Is.EqualTo(1));
    }

    [Test]
    public async Task A_retry_with_the_same_idempotency_key_stores_once_and_another_body_is_409()
    {
        var admission = await AdmitAsync();
        var body = new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), items = ItemsTotalling(12) };
        async Task<HttpResponseMessage> SendAsync(object content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admissions/{admission}/ciwa-ar") { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", "ciwa-retry-1");
            return await _nurse.SendAsync(request);
        }

        using var first = await SendAsync(body);
        using var retry = await SendAsync(body);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That((string?)(await ReadObjectAsync(retry))["id"], Is.EqualTo((string?)(await ReadObjectAsync(first))["id"]));
        using var other = await SendAsync(new { body.observedAt, items = ItemsTotalling(13) });
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await StoredOf(admission), Is.EqualTo(1));
    }

    [Test]
    public async Task Entered_in_error_removes_it_from_latest()
    {
        var admission = await AdmitAsync();
        using var first = await ChartAsync(admission, ItemsTotalling(4), DateTimeOffset.UtcNow.AddMinutes(-10));
        using var second = await ChartAsync(admission, ItemsTotalling(18));
        using var corrected = await _nurse.PostAsJsonAsync($"/api/observations/{(await ReadObjectAsync(second))["id"]}/entered-in-error", new { reason = "wrong patient" });
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await corrected.Content.ReadAsStringAsync());
        Assert.That((string?)(await ReadObjectAsync(corrected))["kind"], Is.EqualTo("ciwa-ar"));
        var view = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}"))!;
        Assert.That((int?)view["latestAssessments"]![0]!["total"], Is.EqualTo(4));
    }
}
