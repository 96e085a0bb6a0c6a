using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

public sealed class EnteredInErrorTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Marks_the_entry_without_touching_it_and_latest_scores_skip_it()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward, admittedAgo: TimeSpan.FromHours(1));
        using var good = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals(DateTimeOffset.UtcNow.AddMinutes(-30)));
        var wrong = NormalVitals();
        wrong["respiratoryRate"] = 30;
        using var bad = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", wrong);
        var badId = (string)(await ReadObjectAsync(bad))["id"]!;
        var before = await Db.QueryAsync<string>("SELECT CAST(respiratory_rate AS VARCHAR(10)) FROM vital_signs WHERE observation_id = @Id", new { Id = Db.Id(Guid.Parse(badId)) });

        using var response = await nurse.PostAsJsonAsync($"/api/observations/{badId}/entered-in-error", new { reason = "Charted on the wrong patient" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var after = await Db.QueryAsync<string>("SELECT CAST(respiratory_rate AS VARCHAR(10)) FROM vital_signs WHERE observation_id = @Id", new { Id = Db.Id(Guid.Parse(badId)) });
        Assert.That(after, Is.EqualTo(before));

        var view = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((int?)view!["latestVitals"]!["respiratoryRate"], Is.EqualTo(16));

        var timeline = await nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        var marked = timeline!["entries"]!.AsArray().Single(e => (string?)e!["id"] == badId)!;
        Assert.That((string?)marked["vitals"]!["enteredInError"]!["reason"], Is.EqualTo("Charted on the wrong patient"));
        Assert.That((string?)marked["vitals"]!["enteredInError"]!["by"], Does.StartWith("nurse"));
    }

    [Test]
    public async Task Cows_entries_can_be_marked_too_and_only_once()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var cows = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items = CowsItems() });
        var id = (string)(await ReadObjectAsync(cows))["id"]!;

        using var first = await nurse.PostAsJsonAsync($"/api/observations/{id}/entered-in-error", new { reason = "duplicate" });
        using var second = await nurse.PostAsJsonAsync($"/api/observations/{id}/entered-in-error", new { reason = "duplicate" });

        Assert.That((string?)(await ReadObjectAsync(first))["kind"], Is.EqualTo("cows"));
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Reason_is_required_and_unknown_observations_are_404()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var vitals = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        var id = (string)(await ReadObjectAsync(vitals))["id"]!;

        using var empty = await nurse.PostAsJsonAsync($"/api/observations/{id}/entered-in-error", new { reason = "" });
        using var unknown = await nurse.PostAsJsonAsync($"/api/observations/{Guid.NewGuid()}/entered-in-error", new { reason = "x" });

        await AssertProblemAsync(empty, HttpStatusCode.BadRequest, "reason");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.That(await Db.CountAsync("observation_corrections", "observation_id = @Id", new { Id = Db.Id(Guid.Parse(id)) }), Is.Zero);
    }

    [Test]
    public async Task Clinical_rows_cannot_be_updated_or_deleted()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var vitals = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        var id = Db.Id(Guid.Parse((string)(await ReadObjectAsync(vitals))["id"]!));

        Assert.That(async () => await Db.ExecuteAsync("UPDATE vital_signs SET respiratory_rate = 99 WHERE observation_id = @Id", new { Id = id }), Throws.Exception);
        Assert.That(async () => await Db.ExecuteAsync("DELETE FROM observations WHERE id = @Id", new { Id = id }), Throws.Exception);
        Assert.That(async () => await Db.ExecuteAsync("DELETE FROM audit_log"), Throws.Exception);
    }
}
