using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Wards;

public sealed class WardsTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Create_answers_201_and_the_list_shows_occupancy()
    {
        var ward = await NewWardAsync(beds: 3);
        using var nurse = await SignInAsync("nurse", ward.Code);
        await AdmitAsync(nurse, ward, bed: 1);

        var wards = await nurse.GetFromJsonAsync<JsonArray>("/api/wards");
        var listed = wards!.Single(w => (string?)w!["code"] == ward.Code)!;
        Assert.That((int?)listed["capacity"], Is.EqualTo(3));
        Assert.That((int?)listed["occupied"], Is.EqualTo(1));
        Assert.That(listed["beds"]!.AsArray().Select(b => b!["admissionId"] is not null), Is.EqualTo(new[] { false, true, false }));
    }

    [Test]
    public async Task Duplicate_ward_or_bed_is_409_and_nothing_stored()
    {
        var ward = await NewWardAsync(beds: 1);
        using var admin = await AdminAsync();
        using var sameCode = await admin.PostAsJsonAsync("/api/wards", new { code = ward.Code, name = "again", beds = new[] { Unique("B") } });
        var newCode = Unique("W");
        using var sameBed = await admin.PostAsJsonAsync("/api/wards", new { code = newCode, name = "x", beds = new[] { ward.Beds[0] } });

        await AssertProblemAsync(sameCode, HttpStatusCode.Conflict);
        await AssertProblemAsync(sameBed, HttpStatusCode.Conflict);
        Assert.That(await Db.CountAsync("wards", "code = @Code", new { Code = newCode }), Is.Zero);
    }

    [TestCase("code", "has spaces")]
    [TestCase("beds", "")]
    public async Task Invalid_ward_is_400(string field, string value)
    {
        using var admin = await AdminAsync();
        var code = field == "code" ? value : Unique("W");
        string[] beds = field == "beds" ? (value.Length == 0 ? [] : [value]) : [Unique("B")];
        using var response = await admin.PostAsJsonAsync("/api/wards", new { code, name = "n", beds });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task Settings_are_validated_and_changed_by_admin()
    {
        var ward = await NewWardAsync();
        using var admin = await AdminAsync();
        var settings = await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings");
        Assert.That((int?)settings!["respiratoryDepressionRate"], Is.EqualTo(8));

        settings["inductionThresholdCows"] = 12;
        using var changed = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings);
        Assert.That((int?)(await ReadObjectAsync(changed))["inductionThresholdCows"], Is.EqualTo(12));

        settings["respiratoryDepressionRate"] = 0;
        using var silenced = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings);
        await AssertProblemAsync(silenced, HttpStatusCode.BadRequest, "respiratoryDepressionRate");
    }

    [Test]
    public async Task Scale_settings_show_their_defaults_and_a_misspelt_or_unknown_one_is_refused()
    {
        var ward = await NewWardAsync();
        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        Assert.That(new[] { "cowsIntervalHours", "withdrawalSevereCows", "inductionCowsCheckMinutes", "ciwaMedicationThreshold", "ciwaHighThreshold" }
            .Select(name => (int?)settings[name]), Is.EqualTo(new int?[] { 4, 25, 60, 10, 20 }));
        Assert.That((string?)settings["opioidScale"], Is.EqualTo("cows"));

        // A threshold that is silently dropped would leave the ward believing a rule is tuned that is not.
        var misspelt = settings.DeepClone().AsObject();
        misspelt["cowsIntervalHour"] = 1;
        using var refused = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", misspelt);
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "cowsIntervalHour");

        var fraction = settings.DeepClone().AsObject();
        fraction["ciwaHighThreshold"] = 12.5;
        fraction["opioidScale"] = "sows";
        using var refusedToo = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", fraction);
        var problem = await AssertProblemAsync(refusedToo, HttpStatusCode.BadRequest, "ciwaHighThreshold");
        Assert.That(problem.ToString(), Does.Contain("opioidScale"));

        var stored = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        Assert.That(((int?)stored["ciwaHighThreshold"], stored["cowsIntervalHour"]), Is.EqualTo(((int?)20, (JsonNode?)null)), "nothing stored");
    }

    [Test]
    public async Task The_monitor_alarm_settings_have_their_defaults_change_and_refuse_a_silencing_value()
    {
        var ward = await NewWardAsync();
        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        Assert.That(new[] { "monitorSpo2Low", "monitorSpo2LowScale2", "monitorSpo2Seconds", "monitorRrLow", "monitorApnoeaSeconds", "monitorEtco2Seconds", "monitorOfflineSeconds", "monitorAutoResolveMinutes" }
            .Select(name => (int?)settings[name]), Is.EqualTo(new int?[] { 88, 84, 15, 8, 30, 180, 120, 10 }));

        settings["monitorSpo2Seconds"] = 30;
        using var changed = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings);
        Assert.That((int?)(await ReadObjectAsync(changed))["monitorSpo2Seconds"], Is.EqualTo(30));

        settings["monitorSpo2Low"] = 50;
        using var silenced = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings);
        await AssertProblemAsync(silenced, HttpStatusCode.BadRequest, "monitorSpo2Low");
        Assert.That((int?)(await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!["monitorSpo2Low"], Is.EqualTo(88), "nothing stored");
    }

    [Test]
    public async Task Board_has_a_tile_per_bed()
    {
        var ward = await NewWardAsync(beds: 5);
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward, bed: 2);
        using var _ = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());

        var board = await nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/board");
        var tiles = board!["beds"]!.AsArray();
        Assert.That(tiles, Has.Count.EqualTo(5));
        Assert.That((int?)tiles[2]!["news2"]!["total"], Is.EqualTo(0));
        Assert.That(tiles[2]!["nextVitalsDue"], Is.Not.Null);
    }

    [Test]
    public async Task Changed_intervals_count_for_patients_already_on_the_ward_and_for_one_transferred_in()
    {
        var ward = await NewWardAsync();
        var other = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code, other.Code);
        var admission = await AdmitAsync(nurse, ward, admittedAgo: TimeSpan.FromHours(2));
        using (var charted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows",
            new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O"), items = CowsItems(score: 2) }))
        {
            Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await charted.Content.ReadAsStringAsync());
        }
        var dueEvery4Hours = await CowsDueAsync(nurse, ward, admission);

        using var admin = await AdminAsync();
        var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/settings"))!;
        settings["cowsIntervalHours"] = 2;
        using (var changed = await admin.PutAsJsonAsync($"/api/wards/{ward.Code}/settings", settings))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        }
        Assert.That(await CowsDueAsync(nurse, ward, admission), Is.EqualTo(dueEvery4Hours - TimeSpan.FromHours(2)), "the new interval counts at once");

        using (var moved = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = other.Beds[0] }))
        {
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        }
        Assert.That(await CowsDueAsync(nurse, other, admission), Is.EqualTo(dueEvery4Hours), "the receiving ward's interval applies");
    }

    private static async Task<DateTimeOffset> CowsDueAsync(HttpClient nurse, TestWard ward, Guid admission)
    {
        var board = (await nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/board"))!;
        var tile = board["beds"]!.AsArray().Single(bed => (string?)bed!["admissionId"] == admission.ToString());
        return DateTimeOffset.Parse((string)tile!["nextCowsDue"]!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
