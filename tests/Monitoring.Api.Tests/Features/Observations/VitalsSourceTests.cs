using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

/// <summary>A charted set says whether the nurse typed it or validated it from the bedside monitor.</summary>
public sealed class VitalsSourceTests(Store store) : ApiTest(store)
{
    private HttpClient _nurse = null!;
    private TestWard _ward = null!;

    [SetUp]
    public async Task CreateWardAndNurseAsync()
    {
        _ward = await NewWardAsync(beds: 4);
        _nurse = await SignInAsync("nurse", _ward.Code);
    }

    [TearDown]
    public void DisposeClient() => _nurse.Dispose();

    private async Task<string?> StoredSourceAsync(Guid observation) =>
        (await Db.QueryAsync<string>("SELECT source FROM vital_signs WHERE observation_id = @Id", new { Id = Db.Id(observation) })).SingleOrDefault();

    private async Task<JsonNode> TimelineVitalsAsync(Guid admission, Guid observation)
    {
        var timeline = await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        return timeline!["entries"]!.AsArray().Single(e => (string?)e!["type"] == "vitals" && (string?)e["vitals"]!["id"] == observation.ToString())!["vitals"]!;
    }

    [Test]
    public async Task Monitor_validated_set_is_stored_and_read_back_as_such()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["source"] = "monitor-validated";
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
        var latest = (await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}"))!["latestVitals"]!;
        var timeline = await TimelineVitalsAsync(admission, id);
        var stored = await StoredSourceAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo("monitor-validated"));
            Assert.That((string?)timeline["source"], Is.EqualTo("monitor-validated"));
            Assert.That((string?)latest["source"], Is.EqualTo("monitor-validated"));
        });
    }

    [Test]
    public async Task A_set_without_source_is_manual()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
        Assert.That(await StoredSourceAsync(id), Is.EqualTo("manual"));
        Assert.That((string?)(await TimelineVitalsAsync(admission, id))["source"], Is.EqualTo("manual"));
    }

    [TestCase("monitor")]
    [TestCase("MANUAL")]
    [TestCase("")]
    public async Task Another_source_is_refused_and_nothing_stored(string source)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["source"] = source;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "source");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    [Test]
    public async Task A_batch_keeps_each_readings_source_and_refuses_another()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var validated = NormalVitals(DateTimeOffset.UtcNow.AddMinutes(-2));
        validated["source"] = "monitor-validated";
        var typed = NormalVitals(DateTimeOffset.UtcNow.AddMinutes(-1));
        var wrong = NormalVitals();
        wrong["source"] = "gateway";

        using var refused = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/batch", new { readings = new[] { validated, typed, wrong } });
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "readings[2].source");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);

        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/batch", new { readings = new[] { validated, typed } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var ids = (await ReadObjectAsync(response))["readings"]!.AsArray().Select(r => Guid.Parse((string)r!["id"]!)).ToList();
        Assert.That(await StoredSourceAsync(ids[0]), Is.EqualTo("monitor-validated"));
        Assert.That(await StoredSourceAsync(ids[1]), Is.EqualTo("manual"));
    }
}
