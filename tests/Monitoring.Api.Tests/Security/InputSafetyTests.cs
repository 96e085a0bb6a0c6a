using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class InputSafetyTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task A_field_sent_twice_is_refused_not_overwritten()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        var observedAt = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O");
        // RR 7 would raise respiratory depression; a second key must not quietly replace it with 16.
        var body = $$"""{"observedAt":"{{observedAt}}","respiratoryRate":7,"spo2":97,"respiratoryRate":16}""";

        using var response = await nurse.PostAsync($"/api/admissions/{admission}/vitals", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "respiratoryRate");
        Assert.That(problem.ToJsonString(), Does.Contain("more than once"));
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    [TestCase("displayName", "Ann\u202Ee Smith", TestName = "Bidirectional override in a name is refused")]
    [TestCase("displayName", "Ann\nSmith", TestName = "Line break in a name is refused")]
    [TestCase("displayName", "Ann\u0007Smith", TestName = "Control character in a name is refused")]
    [TestCase("mrn", "MRN\u2066123", TestName = "Bidirectional isolate in an MRN is refused")]
    public async Task Unsafe_characters_in_admission_fields_are_400(string field, string value)
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(AdmissionBody(ward))!.AsObject();
        body[field] = value;

        using var response = await nurse.PostAsJsonAsync("/api/admissions", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(problem.ToJsonString(), Does.Contain("control or text-direction"));
        Assert.That(await Db.CountAsync("admissions", "ward_code = @Ward", new { Ward = ward.Code }), Is.Zero);
    }

    [Test]
    public async Task A_note_may_hold_line_breaks_but_not_direction_overrides()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        var good = NormalVitals();
        good["note"] = "Settled overnight.\nAte breakfast.";
        var bad = NormalVitals(DateTimeOffset.UtcNow.AddMinutes(-3));
        bad["note"] = "RR 7 \u202Eresolved\u202C";

        using var accepted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", good);
        using var refused = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", bad);

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
        await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "note");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
    }

    [Test]
    public async Task Joining_a_ward_from_a_negative_sequence_is_refused_with_a_reason()
    {
        var ward = await NewWardAsync();
        var nurse = Unique("nurse");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username = nurse, password = "charting-password-7", role = "nurse", wards = new[] { ward.Code } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        await using var dashboard = new WardListener(Service.BaseAddress, await TokenAsync(nurse, "charting-password-7"));

        var refused = Assert.ThrowsAsync<HubException>(() => dashboard.JoinAsync(ward.Code, long.MinValue));
        Assert.That(refused!.Message, Does.Contain("0 or more"));
        var joined = await dashboard.JoinAsync(ward.Code, 0);
        Assert.That((long)joined["lastSequence"]!, Is.GreaterThanOrEqualTo(0));
    }
}
