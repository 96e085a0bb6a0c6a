using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Admissions;

/// <summary>PUT /api/admissions/{id}/substances: what the patient uses, learnt after admission; scales follow it.</summary>
public sealed class ChangeSubstancesTests(Store store) : ApiTest(store)
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
    public async Task Opioids_learnt_after_admission_bring_cows_onto_the_schedule_and_the_change_is_audited()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using (var alcoholOnly = await _nurse.PutAsJsonAsync($"/api/admissions/{admission}/substances", new { substances = new[] { "alcohol" } }))
        {
            Assert.That(alcoholOnly.StatusCode, Is.EqualTo(HttpStatusCode.OK), await alcoholOnly.Content.ReadAsStringAsync());
        }
        Assert.That(await DueKindsAsync(admission), Has.No.Member("cows").And.Member("ciwa-ar"));

        var lastUse = DateTimeOffset.UtcNow.AddHours(-3);
        using var amended = await _nurse.PutAsJsonAsync($"/api/admissions/{admission}/substances",
            new { substances = new object[] { "alcohol", new { substance = "fentanyl", lastUseAt = lastUse.ToString("O") } } });
        Assert.That(amended.StatusCode, Is.EqualTo(HttpStatusCode.OK), await amended.Content.ReadAsStringAsync());
        var view = await ReadObjectAsync(amended);
        Assert.That(view["substances"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "alcohol", "opioid" }));
        var uses = view["substanceUse"]!.AsArray();
        Assert.That(uses.Select(u => (string?)u!["substance"]), Is.EqualTo(new[] { "alcohol", "fentanyl" }), "the list in force, not the old rows");
        Assert.That((DateTimeOffset)uses[1]!["lastUseAt"]!, Is.EqualTo(lastUse).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(await DueKindsAsync(admission), Has.Member("cows").And.Member("ciwa-ar"));
        Assert.That(await Db.CountAsync("audit_log", "action = 'admission.substances-changed' AND admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(2));
        Assert.That(await Db.CountAsync("admission_substances", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(4), "every list stays on record");
    }

    [TestCase("{\"substances\":[]}", "substances")]
    [TestCase("{}", "substances")]
    [TestCase("{\"substances\":[\"crack\"]}", "substances[0]")]
    [TestCase("{\"substances\":[{\"substance\":\"heroin\",\"lastUseAt\":\"2999-01-01T00:00:00Z\"}]}", "substances[0]")]
    public async Task Bad_lists_are_problems_and_nothing_changes(string json, string field)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _nurse.PutAsync(new Uri($"/api/admissions/{admission}/substances", UriKind.Relative), content);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("admission_substance_revisions", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
        var view = await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That(view!["substances"]!.AsArray().Select(s => (string?)s), Is.EqualTo(new[] { "opioid" }));
    }

    [Test]
    public async Task A_manager_is_refused_and_an_unknown_admission_is_404()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var manager = await SignInAsync("manager");
        using var refused = await manager.PutAsJsonAsync($"/api/admissions/{admission}/substances", new { substances = new[] { "alcohol" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var unknown = await _nurse.PutAsJsonAsync($"/api/admissions/{Guid.NewGuid()}/substances", new { substances = new[] { "alcohol" } });
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.That(await Db.CountAsync("admission_substance_revisions", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    private async Task<IEnumerable<string?>> DueKindsAsync(Guid admission)
    {
        var board = await _nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{_ward.Code}/board");
        var tile = board!["beds"]!.AsArray().Single(b => (string?)b!["admissionId"] == admission.ToString())!;
        return tile["due"]!.AsArray().Select(d => (string?)d!["kind"]);
    }
}
