using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Charting;

/// <summary>
/// A third scale added by its description alone (<c>sows-fixture.json</c>) and one configuration line: charting,
/// its alert and episode, the schedule, the board and the live event, the census, the timeline and FHIR all serve
/// it with no code of its own, and the ward chooses it over COWS for opioid admissions.
/// </summary>
public sealed class FixtureScaleTests(Store store) : ApiTest(store)
{
    private ServiceProcess? _own;

    protected override async Task<ServiceProcess> StartOrShareServiceAsync()
    {
        _own = await ServiceProcess.StartAsync(Store, environment: new Dictionary<string, string>
        {
            ["Monitoring__Scales__Descriptions__0"] = Path.Combine(TestContext.CurrentContext.TestDirectory, "Charting", "sows-fixture.json"),
        });
        return _own;
    }

    [OneTimeTearDown]
    public async Task StopOwnServiceAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
    }

    private static Dictionary<string, int> SowsItems(int each) =>
        new[] { "anxious", "yawning", "perspiring", "goosePimples", "musclesAche", "feelLikeUsing" }.ToDictionary(name => name, _ => each);

    [Test]
    public async Task The_catalogue_serves_the_described_scale_with_its_words_bands_settings_and_alert()
    {
        using var manager = await SignInAsync("manager");
        var catalogue = (await manager.GetFromJsonAsync<JsonObject>("/api/scales"))!;
        var sows = catalogue["scales"]!.AsArray().Single(s => (string?)s!["kind"] == "sows")!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)sows["maximumTotal"], Is.EqualTo(24));
            Assert.That((string?)sows["items"]![0]!["values"]![4]!["descriptor"], Is.EqualTo("extremely"));
            Assert.That(sows["bands"]!.AsArray().Select(b => ((string?)b!["name"], (bool?)b["flagged"])),
                Is.EqualTo(new[] { ("mild", (bool?)false), ("moderate", false), ("severe", true) }));
            Assert.That(sows["settings"]!.AsArray().Select(s => (string?)s!["name"]), Has.Member("sowsSevereFrom"));
            Assert.That((string?)sows["assessesWithdrawalFrom"], Is.EqualTo("opioid"));
            Assert.That(catalogue["alerts"]!.AsArray().Select(a => (string?)a!["code"]), Has.Member("sows-severe"));
        });
    }

    [Test]
    public async Task A_ward_charting_sows_for_opioids_schedules_charts_alerts_and_reports_it_everywhere()
    {
        var ward = await NewWardAsync(beds: 2);
        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        Assert.That((int?)settings["sowsIntervalHours"], Is.EqualTo(4), "the scale's own settings come with their defaults");
        settings["opioidScale"] = "sows";
        using (var changed = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        }

        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward, admittedAgo: TimeSpan.FromHours(1));
        var due = await DueKindsAsync(nurse, ward, admission);
        Assert.That(due, Does.Contain("sows").And.Not.Contain("cows"), "the ward's opioid scale, not COWS, is scheduled");

        await using var board = new WardListener(Service.BaseAddress, await TokenOfAsync(nurse));
        await board.JoinAsync(ward.Code);

        // A bad score is refused by the scale's own allowed values, and nothing is stored.
        var tooHigh = SowsItems(1);
        tooHigh["anxious"] = 5;
        using (var refused = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/sows", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-20).ToString("O"), items = tooHigh }))
        {
            await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        }

        var charted = await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/sows",
            new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"), items = SowsItems(3) });
        var observation = (string)charted["id"]!;
        Assert.That(((int?)charted["total"], (string?)charted["severity"]), Is.EqualTo(((int?)18, "severe")));
        var raised = await board.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]?["code"] == "sows-severe", TimeSpan.FromSeconds(15));
        Assert.That((string?)raised["alert"]!["priority"], Is.EqualTo("medium"));
        Assert.That((string?)raised["alert"]!["reason"], Does.StartWith("SOWS 18 (≥ 17)"));

        var tile = await TileAsync(nurse, ward, admission);
        var latest = tile["assessments"]!.AsArray().Single(a => (string?)a!["kind"] == "sows")!;
        Assert.That(((int?)latest["total"], (bool?)latest["flagged"]), Is.EqualTo(((int?)18, (bool?)true)));
        var next = tile["due"]!.AsArray().Single(d => (string?)d!["kind"] == "sows")!;
        Assert.That((string?)next["basis"], Is.EqualTo("SOWS 18 (≥ 9)"), "the intensive interval from the scale's own setting");

        var census = (await nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/census"))!;
        Assert.That((int?)census["assessmentSeverities"]!["sows"]!["severe"], Is.EqualTo(1));

        var timeline = await nurse.GetStringAsync(new Uri($"/api/admissions/{admission}/timeline", UriKind.Relative));
        Assert.That(timeline, Does.Contain(observation).And.Contain("SOWS"));

        using var fhir = await nurse.GetAsync(new Uri($"/fhir/Observation/{observation}", UriKind.Relative));
        var resource = JsonNode.Parse(await fhir.Content.ReadAsStringAsync())!;
        Assert.That(fhir.StatusCode, Is.EqualTo(HttpStatusCode.OK), resource.ToJsonString());
        Assert.That(((string?)resource["code"]!["coding"]![0]!["code"], (int?)resource["valueQuantity"]!["value"], resource["component"]!.AsArray().Count),
            Is.EqualTo(("sows", (int?)18, 6)));

        // A lower score clears the episode, as with any scale: unacknowledged, it stays on the list saying so.
        await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/sows", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), items = SowsItems(1) });
        var active = (await nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{ward.Code}/alerts?status=active"))!;
        var episode = active.Single(a => (string?)a!["code"] == "sows-severe")!;
        Assert.That((bool?)episode["cleared"], Is.True);
    }

    [Test]
    public async Task Choosing_sows_for_patients_already_on_the_ward_makes_it_due_within_the_hour_not_overdue_at_once()
    {
        var ward = await NewWardAsync(beds: 2);
        using var nurse = await SignInAsync("nurse", ward.Code);
        var assessed = await AdmitAsync(nurse, ward, bed: 0, admittedAgo: TimeSpan.FromHours(6));
        var notYet = await AdmitAsync(nurse, ward, bed: 1, admittedAgo: TimeSpan.FromHours(6));
        await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{assessed}/cows", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O"), items = CowsItems(1) });

        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        settings["opioidScale"] = "sows";
        var changedAt = DateTimeOffset.UtcNow;
        using (var changed = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        }

        foreach (var admission in new[] { assessed, notYet })
        {
            var sows = (await TileAsync(nurse, ward, admission))["due"]!.AsArray().Single(d => (string?)d!["kind"] == "sows")!;
            Assert.That(((string?)sows["basis"], (bool?)sows["overdue"]), Is.EqualTo(("baseline after the ward chose SOWS", (bool?)false)));
            Assert.That(DateTimeOffset.Parse((string)sows["at"]!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(changedAt.AddHours(1)).Within(TimeSpan.FromMinutes(1)));
        }
        // A COWS once charted is still reassessed; a patient never assessed on it no longer has it due.
        Assert.That(await DueKindsAsync(nurse, ward, assessed), Does.Contain("cows"));
        Assert.That(await DueKindsAsync(nurse, ward, notYet), Does.Not.Contain("cows"));
    }

    [Test]
    public async Task A_ward_that_keeps_cows_is_not_scheduled_sows()
    {
        var ward = await NewWardAsync(beds: 1);
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        Assert.That(await DueKindsAsync(nurse, ward, admission), Does.Contain("cows").And.Not.Contain("sows"));
    }

    private static async Task<JsonObject> TileAsync(HttpClient client, TestWard ward, Guid admission)
    {
        var board = (await client.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/board"))!;
        return board["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!.AsObject();
    }

    private static async Task<IReadOnlyList<string?>> DueKindsAsync(HttpClient client, TestWard ward, Guid admission) =>
        [.. (await TileAsync(client, ward, admission))["due"]!.AsArray().Select(d => (string?)d!["kind"])];

    private static Task<string> TokenOfAsync(HttpClient client) =>
        Task.FromResult(client.DefaultRequestHeaders.Authorization!.Parameter!);
}
