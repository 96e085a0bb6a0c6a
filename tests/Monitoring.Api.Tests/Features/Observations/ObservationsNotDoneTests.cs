using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

/// <summary>POST /api/admissions/{id}/observations-not-done: recorded and audited, never taken for the observation itself.</summary>
public sealed class ObservationsNotDoneTests(Store store) : ApiTest(store)
{
    private TestWard _ward = null!;
    private HttpClient _nurse = null!;

    [SetUp]
    public async Task PrepareAsync()
    {
        _ward = await NewWardAsync();
        _nurse = await SignInAsync("nurse", _ward.Code);
    }

    [TearDown]
    public void Dispose() => _nurse.Dispose();

    [Test]
    public async Task A_declined_set_is_recorded_audited_and_a_retry_is_due_within_thirty_minutes()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using (var charted = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals()))
        {
            Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var before = DateTimeOffset.UtcNow;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/observations-not-done", new { kind = "vitals", reason = "declined", note = "wants to sleep" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadObjectAsync(response);
        Assert.That((string?)body["reason"], Is.EqualTo("declined"));
        var retry = (DateTimeOffset)body["retryDueAt"]!;
        Assert.That(retry, Is.EqualTo(before.AddMinutes(30)).Within(TimeSpan.FromSeconds(10)));

        var board = await _nurse.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/wards/{_ward.Code}/board");
        var tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!;
        Assert.That((DateTimeOffset?)tile["nextVitalsDue"], Is.EqualTo(retry), "the NEWS2 0 twelve-hour interval gives way to the retry");
        using (var amended = await _nurse.PutAsJsonAsync($"/api/admissions/{admission}/substances", new { substances = new[] { "heroin" } }))
        {
            Assert.That(amended.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        board = await _nurse.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/wards/{_ward.Code}/board");
        tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!;
        Assert.That((DateTimeOffset?)tile["nextVitalsDue"], Is.EqualTo(retry), "a schedule worked out again keeps the retry");
        Assert.That(await Db.CountAsync("observations_not_done", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
        Assert.That(await Db.CountAsync("audit_log", "action = 'observation.not-done' AND admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));

        var timeline = await _nurse.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/admissions/{admission}/timeline");
        var entry = timeline!["entries"]!.AsArray().Single(e => (string?)e!["type"] == "not-done")!;
        Assert.That((string?)entry["notDone"]!["reason"], Is.EqualTo("declined"));
        Assert.That((string?)entry["notDone"]!["note"], Is.EqualTo("wants to sleep"));
        Assert.That((string?)entry["notDone"]!["kind"], Is.EqualTo("vitals"));
    }

    [TestCase("{\"kind\":\"bloods\",\"reason\":\"declined\"}", "kind")]
    [TestCase("{\"reason\":\"declined\"}", "kind")]
    [TestCase("{\"kind\":\"vitals\",\"reason\":\"tired\"}", "reason")]
    [TestCase("{\"kind\":\"vitals\"}", "reason")]
    [TestCase("{\"kind\":\"vitals\",\"reason\":\"other\"}", "note")]
    [TestCase("{\"kind\":\"vitals\",\"reason\":\"asleep\",\"at\":\"2999-01-01T00:00:00Z\"}", "at")]
    [TestCase("{\"kind\":\"cows\",\"reason\":\"asleep\",\"at\":\"2000-01-01T00:00:00Z\"}", "at")]
    public async Task Bad_requests_are_problems_naming_the_field_and_nothing_is_stored(string json, string field)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _nurse.PostAsync(new Uri($"/api/admissions/{admission}/observations-not-done", UriKind.Relative), content);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("observations_not_done", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    [Test]
    public async Task An_unknown_admission_is_404_and_a_manager_is_refused()
    {
        using var unknown = await _nurse.PostAsJsonAsync($"/api/admissions/{Guid.NewGuid()}/observations-not-done", new { kind = "vitals", reason = "asleep" });
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        var admission = await AdmitAsync(_nurse, _ward);
        using var manager = await SignInAsync("manager");
        using var refused = await manager.PostAsJsonAsync($"/api/admissions/{admission}/observations-not-done", new { kind = "vitals", reason = "asleep" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Db.CountAsync("observations_not_done", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }
}
