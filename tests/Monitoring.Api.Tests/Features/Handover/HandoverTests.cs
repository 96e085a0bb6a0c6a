using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Handover;

/// <summary>The handover sheet: one block per patient on the ward now, with the last 12 h of NEWS2 and the last 24 h of care.</summary>
[NonParallelizable]
public sealed class HandoverTests() : FakeClockWardTest("HO", "HO-01", "HO-02", "HO-03")
{
    private static DateTimeOffset Utc(int day, int hour, int minute) => new(2027, 1, day, hour, minute, 0, TimeSpan.Zero);

    private async Task AtAsync(DateTimeOffset at, Func<Task<HttpResponseMessage>> act)
    {
        Service.Clock.SetUtcNow(at);
        using var response = await act();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{at:u}: {await response.Content.ReadAsStringAsync()}");
    }

    [Test]
    public async Task Each_patient_on_the_ward_has_a_block_with_trend_alerts_responses_doses_watch_and_rounds_not_done()
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using (var created = await admin.PostAsJsonAsync("/api/users", new { username = "ho-manager", password = "handover-password-9", role = "manager", wards = Array.Empty<string>() }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var manager = Service.CreateClient(await TokenAsync(anonymous, "ho-manager", "handover-password-9"));

        Service.Clock.SetUtcNow(Utc(14, 6, 0));
        var patient = await AdmitAsync("HO-01");
        var discharged = await AdmitAsync("HO-02");
        await AtAsync(Utc(14, 7, 0), () => Nurse.PostAsJsonAsync($"/api/admissions/{discharged}/discharge", new { note = "home" }));
        await AtAsync(Utc(15, 6, 0), () => PostVitalsAsync(patient));
        await AtAsync(Utc(15, 9, 0), () => PostVitalsAsync(patient));
        await AtAsync(Utc(15, 9, 0), () => PostCowsAsync(patient));
        await AtAsync(Utc(15, 10, 0), () => PostVitalsAsync(patient, rate: 7));
        var alert = (string)(await AlertAsync("respiratory-depression"))!["id"]!;
        await AtAsync(Utc(15, 10, 2), () => Nurse.PostAsJsonAsync($"/api/alerts/{alert}/responses", new { action = "called-physician" }));
        await AtAsync(Utc(15, 15, 0), () => Nurse.PostAsJsonAsync($"/api/admissions/{patient}/observations-not-done", new { kind = "vitals", reason = "asleep" }));
        await AtAsync(Utc(15, 19, 30), () => Nurse.PostAsJsonAsync($"/api/admissions/{patient}/doses", new
        {
            drug = "naloxone",
            dose = 400,
            unit = "mcg",
            route = "IM",
            givenAt = Utc(15, 19, 30).ToString("O"),
            reason = "RR 7",
        }));
        Service.Clock.SetUtcNow(Utc(15, 20, 0));

        var sheet = await manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/handover");

        var block = sheet!["patients"]!.AsArray().Single()!;
        Assert.That((string?)block["bed"], Is.EqualTo("HO-01"));
        Assert.That((string?)block["admissionId"], Is.EqualTo(patient));
        Assert.That((int)block["dayOfStay"]!, Is.EqualTo(2));
        Assert.That(block["substances"]!.AsArray().Select(s => (string?)s!["substance"]), Is.EqualTo(new[] { "opioid" }));
        Assert.That((int?)block["news2"]!["total"], Is.EqualTo(3));
        Assert.That(block["news2Trend"]!.AsArray().Select(p => (int)p!["total"]!), Is.EqualTo(new[] { 0, 3 }), "the 06:00 set is more than 12 h old");
        Assert.That(block["assessments"]!.AsArray().Select(a => $"{a!["kind"]} {a["total"]}"), Does.Contain("cows 0"));
        var open = block["openAlerts"]!.AsArray().Single(a => (string?)a!["code"] == "respiratory-depression")!;
        Assert.That(open["responses"]!.AsArray().Select(r => (string?)r!["action"]), Is.EqualTo(new[] { "called-physician" }));
        Assert.That(block["dosesLast24h"]!.AsArray().Select(d => (string?)d!["drug"]), Is.EqualTo(new[] { "naloxone" }));
        var watch = block["watches"]!.AsArray().Single()!;
        Assert.That((string?)watch["kind"], Is.EqualTo("naloxone-resedation"));
        Assert.That(DateTimeOffset.Parse((string)watch["until"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Utc(15, 21, 30)));
        Assert.That(block["observationsNotDone"]!.AsArray().Select(n => $"{n!["kind"]} {n["reason"]}"), Is.EqualTo(new[] { "vitals asleep" }));
        Assert.That(block["due"]!.AsArray(), Is.Not.Empty);
    }

    [Test]
    public async Task A_nurse_of_another_ward_does_not_see_the_sheet()
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using (var ward = await admin.PostAsJsonAsync("/api/wards", new { code = "HX", name = "Ward HX", beds = new[] { "HX-01" } }))
        using (var created = await admin.PostAsJsonAsync("/api/users", new { username = "hx-nurse", password = "handover-password-8", role = "nurse", wards = new[] { "HX" } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var stranger = Service.CreateClient(await TokenAsync(anonymous, "hx-nurse", "handover-password-8"));

        using var response = await stranger.GetAsync(new Uri($"/api/wards/{Ward}/handover", UriKind.Relative));

        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound));
    }
}
