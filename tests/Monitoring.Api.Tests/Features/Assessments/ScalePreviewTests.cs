using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Assessments;

/// <summary>POST /api/admissions/{id}/{kind}/preview: the score and the alerts saving would raise, nothing stored.</summary>
public sealed class ScalePreviewTests(Store store) : ApiTest(store)
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

    /// <summary>COWS items adding up to <paramref name="total"/> (at most 13 here).</summary>
    private static Dictionary<string, object?> CowsTotalling(int total)
    {
        var items = CowsItems();
        foreach (var (item, cap) in new[] { ("sweating", 4), ("giUpset", 3), ("yawning", 2), ("boneJointAches", 2), ("runnyNoseTearing", 2) })
        {
            var score = Math.Min(cap, total);
            items[item] = score;
            total -= score;
        }
        Assert.That(total, Is.Zero, "total too high for this helper");
        return items;
    }

    private static object Body(object items, DateTimeOffset observedAt) => new { observedAt = observedAt.ToString("O"), items };

    private Task<long> ObservationsOf(Guid admission) => Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) });

    private Task<long> OutboxOfWard() => Db.CountAsync("outbox", "ward_code = @Ward", new { Ward = _ward.Code });

    private Task<long> AlertsOf(Guid admission) => Db.CountAsync("alerts", "admission_id = @Id", new { Id = Db.Id(admission) });

    private async Task<int> TimelineCountAsync(Guid admission)
    {
        using var response = await _nurse.GetAsync(new Uri($"/api/admissions/{admission}/timeline", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["entries"]!.AsArray().Count;
    }

    [Test]
    public async Task Cows_at_the_induction_threshold_previews_the_alert_the_save_raises_and_stores_nothing()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        var body = Body(CowsTotalling(8), DateTimeOffset.UtcNow.AddMinutes(-1));
        var timelineBefore = await TimelineCountAsync(admission);
        var outboxBefore = await OutboxOfWard();
        var alertsBefore = await AlertsOf(admission);

        using var preview = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", body);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        var previewed = await ReadObjectAsync(preview);
        Assert.That((int?)previewed["total"], Is.EqualTo(8));
        Assert.That((string?)previewed["band"], Is.Not.Null.And.Not.Empty);
        var previewedAlerts = previewed["alerts"]!.AsArray();
        Assert.That(previewedAlerts.Select(a => (string?)a!["code"]), Has.Member("induction-threshold"));
        Assert.That(previewedAlerts.Select(a => (string?)a!["reason"]), Has.All.Not.Empty);
        Assert.That(previewedAlerts.Select(a => (string?)a!["priority"]), Has.All.Not.Empty);

        Assert.That(await ObservationsOf(admission), Is.Zero, "a preview stores no observation");
        Assert.That(await TimelineCountAsync(admission), Is.EqualTo(timelineBefore));
        Assert.That(await OutboxOfWard(), Is.EqualTo(outboxBefore), "a preview tells the ward nothing");
        Assert.That(await AlertsOf(admission), Is.EqualTo(alertsBefore), "a preview raises nothing");

        using var saved = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", body);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created), await saved.Content.ReadAsStringAsync());
        var savedBody = await ReadObjectAsync(saved);
        Assert.That((int?)savedBody["total"], Is.EqualTo(8));
        Assert.That((string?)savedBody["severity"], Is.EqualTo((string?)previewed["band"]));
        Assert.That(savedBody["alerts"]!.AsArray().Select(a => $"{a!["code"]}:{a["priority"]}"),
            Is.EquivalentTo(previewedAlerts.Select(a => $"{a!["code"]}:{a["priority"]}")));
        Assert.That(await ObservationsOf(admission), Is.EqualTo(1));
    }

    [Test]
    public async Task Cows_below_the_threshold_previews_no_alert()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        using var preview = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", Body(CowsTotalling(7), DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        var previewed = await ReadObjectAsync(preview);
        Assert.That((int?)previewed["total"], Is.EqualTo(7));
        Assert.That(previewed["alerts"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Ciwa_ar_previews_its_thresholds_like_the_save()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        var items = new Dictionary<string, object?>
        {
            ["nauseaVomiting"] = 7,
            ["tremor"] = 7,
            ["paroxysmalSweats"] = 6,
            ["anxiety"] = 0,
            ["agitation"] = 0,
            ["tactileDisturbances"] = 0,
            ["auditoryDisturbances"] = 0,
            ["visualDisturbances"] = 0,
            ["headache"] = 0,
            ["orientation"] = 0,
        };
        var body = Body(items, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var preview = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar/preview", body);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        var previewed = await ReadObjectAsync(preview);
        Assert.That((int?)previewed["total"], Is.EqualTo(20));
        Assert.That((string?)previewed["band"], Is.EqualTo("severe"));
        Assert.That(await ObservationsOf(admission), Is.Zero);

        using var saved = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", body);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created), await saved.Content.ReadAsStringAsync());
        Assert.That((await ReadObjectAsync(saved))["alerts"]!.AsArray().Select(a => $"{a!["code"]}:{a["priority"]}"),
            Is.EquivalentTo(previewed["alerts"]!.AsArray().Select(a => $"{a!["code"]}:{a["priority"]}")));
    }

    [TestCase("sweating", "5")]
    [TestCase("sweating", "1.5")]
    [TestCase("tremor", "\"2\"")]
    [TestCase("yawning", "null")]
    [TestCase("sneezing", "1")]
    public async Task A_bad_item_is_a_problem_naming_it_and_nothing_is_stored(string item, string value)
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        var items = CowsItems();
        items.Remove(item);
        var fields = string.Join(", ", items.Select(i => $"\"{i.Key}\": {i.Value}").Append($"\"{item}\": {value}"));
        var observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        using var response = await _nurse.PostAsync(new Uri($"/api/admissions/{admission}/cows/preview", UriKind.Relative),
            new StringContent("{\"observedAt\": \"" + observedAt + "\", \"items\": {" + fields + "}}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"items.{item}");
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task Missing_items_and_a_future_time_are_problems()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        using var noItems = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", new { observedAt = DateTimeOffset.UtcNow.ToString("O") });
        await AssertProblemAsync(noItems, HttpStatusCode.BadRequest, "items");
        using var future = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", Body(CowsTotalling(8), DateTimeOffset.UtcNow.AddHours(1)));
        await AssertProblemAsync(future, HttpStatusCode.BadRequest, "observedAt");
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task Only_those_who_chart_the_scale_may_preview_it()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        var body = Body(CowsTotalling(8), DateTimeOffset.UtcNow.AddMinutes(-1));
        using var manager = await SignInAsync("manager");
        using var physician = await SignInAsync("physician", _ward.Code);
        using var anonymous = Service.CreateClient();
        foreach (var (client, status) in new[] { (manager, HttpStatusCode.Forbidden), (physician, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var response = await client.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", body);
            Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        }
        using var outsider = await SignInAsync("nurse", (await NewWardAsync()).Code);
        using var other = await outsider.PostAsJsonAsync($"/api/admissions/{admission}/cows/preview", body);
        await AssertProblemAsync(other, HttpStatusCode.NotFound);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }
}
