using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

public sealed class RecordCowsTests(Store store) : ApiTest(store)
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

    private Task<long> ObservationsOf(Guid admission) => Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) });

    [TestCase(4, "none", "sweating=2,tremor=2")]
    [TestCase(5, "mild", "sweating=2,tremor=2,yawning=1")]
    [TestCase(12, "mild", "sweating=4,tremor=4,yawning=4")]
    [TestCase(13, "moderate", "sweating=4,tremor=4,yawning=4,anxietyIrritability=1")]
    [TestCase(24, "moderate", "sweating=4,tremor=4,yawning=4,restlessness=5,pupilSize=5,giUpset=2")]
    [TestCase(25, "moderately-severe", "sweating=4,tremor=4,yawning=4,restlessness=5,pupilSize=5,giUpset=3")]
    [TestCase(36, "moderately-severe", "sweating=4,tremor=4,yawning=4,restlessness=5,pupilSize=5,giUpset=5,goosefleshSkin=5,boneJointAches=4")]
    [TestCase(37, "severe", "sweating=4,tremor=4,yawning=4,restlessness=5,pupilSize=5,giUpset=5,goosefleshSkin=5,boneJointAches=4,anxietyIrritability=1")]
    [TestCase(48, "severe", "restingPulseRate=4,sweating=4,tremor=4,yawning=4,restlessness=5,pupilSize=5,giUpset=5,goosefleshSkin=5,boneJointAches=4,anxietyIrritability=4,runnyNoseTearing=4")]
    public async Task Total_and_severity_at_every_band_edge(int total, string severity, string scored)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var items = CowsItems();
        foreach (var pair in scored.Split(','))
        {
            var parts = pair.Split('=');
            items[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadObjectAsync(response);
        Assert.That((int?)body["total"], Is.EqualTo(total));
        Assert.That((string?)body["severity"], Is.EqualTo(severity));
    }

    [TestCase(80, 0)]
    [TestCase(81, 1)]
    [TestCase(100, 1)]
    [TestCase(101, 2)]
    [TestCase(120, 2)]
    [TestCase(121, 4)]
    public async Task Resting_pulse_may_be_given_in_beats_per_minute(int bpm, int score)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var items = CowsItems();
        items.Remove("restingPulseRate");
        items["restingPulseBpm"] = bpm;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items });
        var body = await ReadObjectAsync(response);
        Assert.That((int?)body["items"]!["restingPulseRate"], Is.EqualTo(score));
        Assert.That((int?)body["total"], Is.EqualTo(score));
    }

    [Test]
    public async Task Pulse_score_that_contradicts_the_pulse_is_refused()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var items = CowsItems();
        items["restingPulseBpm"] = 130;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items.restingPulseRate");
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [TestCase("restlessness", 2)]
    [TestCase("goosefleshSkin", 1)]
    [TestCase("sweating", 5)]
    [TestCase("pupilSize", 3)]
    [TestCase("restingPulseRate", 3)]
    [TestCase("yawning", -1)]
    public async Task A_value_not_on_the_item_row_is_refused(string item, int value)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var items = CowsItems();
        items[item] = value;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"items.{item}");
        Assert.That(problem["errors"]![$"items.{item}"]![0]!.ToString(), Does.Contain("Allowed"));
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task A_missing_item_is_refused()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var items = CowsItems();
        items.Remove("tremor");
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "items.tremor");
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }
}
