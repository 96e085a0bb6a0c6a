using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Reports;

/// <summary>
/// The observations report against one hand-computed fixture on the fake clock, around the night the clocks went
/// forward in Europe/London (01:00 GMT on 28 March 2027) and across the 19:30 shift change; now is 28th 08:00Z.
/// </summary>
/// <remarks>
/// Defaults: grace 15 min, COWS every 4 h at a total of 0, vitals every 12 h at NEWS2 0, a POSS + RR check 2 h after
/// methadone, baseline within 1 h of admission. Rounds (UTC; London is GMT until 28th 01:00, BST after; day 07:30-19:30):
/// A admitted 27th 05:00 (opioid):
///   vitals V1 due 06:00 (night), charted 06:10: on time; next 18:10, superseded at 12:00 by methadone's check before it was
///   due (not counted); V3 due 14:00 (day, a dose check), charted 14:20: late; V4 due 28th 02:20 (night), charted 02:40: late.
///   COWS C1 due 06:00 (night), charted 06:20: late; C2 due 10:20 (day), nothing until 14:30, after the next round was due
///   at 14:20: 10:20 missed, 14:20 on time (day); C3 due 18:30, charted early at 15:30: on time (day); C4 due 19:30 sharp
///   (night), charted 19:45, the end of the grace: late; C5 due 23:45 (night), charted 28th 02:35: late; C6 due 28th 06:35 =
///   07:35 BST (day; by GMT it would be night), charted 06:45: on time; next 10:45, not yet due.
/// B admitted 27th 20:00, discharged 21:20 uncharted: vitals and COWS due 21:00 (night), grace out at 21:15: missed.
/// D admitted 28th 06:30: vitals and COWS due 07:30 = 08:30 BST (day), past the grace at 08:00, the next not due: outstanding.
/// </remarks>
[NonParallelizable]
public sealed class ObservationReportTests() : FakeClockWardTest("OB", "OB-01", "OB-02", "OB-03")
{
    private const string Password = "observation-report-password-6";
    private const string Window = "since=2027-03-27&until=2027-03-29";
    private static readonly string[] Fields = ["kind", "shift", "due", "onTime", "late", "missed", "outstanding", "onTimePercent"];

    private HttpClient _manager = null!;
    private HttpClient _physician = null!;
    private HttpClient _admin = null!;
    private string _v4 = "";

    private static DateTimeOffset Utc(int day, int hour, int minute) => new(2027, 3, day, hour, minute, 0, TimeSpan.Zero);

    private async Task<HttpClient> UserAsync(string role, params string[] wards)
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var username = $"{role}-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, wards });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return Service.CreateClient(await TokenAsync(anonymous, username, Password));
    }

    private async Task AtAsync(DateTimeOffset at, Func<Task<HttpResponseMessage>> act)
    {
        Service.Clock.SetUtcNow(at);
        using var response = await act();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{at:u}: {await response.Content.ReadAsStringAsync()}");
    }

    [SetUp]
    public async Task ChartTheFixtureAsync()
    {
        _manager = await UserAsync("manager");
        _physician = await UserAsync("physician", Ward);
        // Everyone signs in on today's clock: tokens are checked against the real one, the fixture lives in March 2027.
        using (var anonymous = Service.CreateClient())
        {
            _admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        }

        Service.Clock.SetUtcNow(Utc(27, 5, 0));
        var a = await AdmitAsync("OB-01");
        await AtAsync(Utc(27, 6, 10), () => PostVitalsAsync(a));
        await AtAsync(Utc(27, 6, 20), () => PostCowsAsync(a));
        await AtAsync(Utc(27, 12, 0), () => Nurse.PostAsJsonAsync($"/api/admissions/{a}/doses",
            new { drug = "methadone", dose = 30, unit = "mg", route = "PO", givenAt = Utc(27, 12, 0).ToString("O") }));
        await AtAsync(Utc(27, 14, 20), () => PostVitalsAsync(a));
        await AtAsync(Utc(27, 14, 30), () => PostCowsAsync(a));
        await AtAsync(Utc(27, 15, 30), () => PostCowsAsync(a));
        await AtAsync(Utc(27, 19, 45), () => PostCowsAsync(a));

        Service.Clock.SetUtcNow(Utc(27, 20, 0));
        var b = await AdmitAsync("OB-02");
        await AtAsync(Utc(27, 21, 20), () => Nurse.PostAsJsonAsync($"/api/admissions/{b}/discharge", new { note = "home" }));

        await AtAsync(Utc(28, 2, 35), () => PostCowsAsync(a));
        Service.Clock.SetUtcNow(Utc(28, 2, 40));
        using (var v4 = await PostVitalsAsync(a))
        {
            Assert.That(v4.StatusCode, Is.EqualTo(HttpStatusCode.Created), await v4.Content.ReadAsStringAsync());
            _v4 = (string)(await v4.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        }
        Service.Clock.SetUtcNow(Utc(28, 6, 30));
        await AdmitAsync("OB-03");
        await AtAsync(Utc(28, 6, 45), () => PostCowsAsync(a));
        Service.Clock.SetUtcNow(Utc(28, 8, 0));
    }

    [TearDown]
    public void SignOut()
    {
        _manager.Dispose();
        _physician.Dispose();
        _admin.Dispose();
    }

    private static List<string> Rows(JsonNode report) =>
        [.. report["rows"]!.AsArray().Select(r => string.Join(" ", Fields.Select(field => r![field]?.ToJsonString() ?? "-")))];

    [Test]
    public async Task Rounds_per_kind_and_shift_in_the_wards_clock()
    {
        var report = await _manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/reports/observations?{Window}");

        Assert.That((string?)report!["since"], Is.EqualTo("2027-03-27T00:00:00+00:00"));
        Assert.That((string?)report["until"], Is.EqualTo("2027-03-29T00:00:00+01:00"));
        Assert.That((int)report["graceMinutes"]!, Is.EqualTo(15));
        Assert.That(Rows(report), Is.EqualTo(new[]
        {
            "\"vitals\" \"day\" 2 0 1 0 1 0",
            "\"vitals\" \"night\" 3 1 1 1 0 33.3",
            "\"cows\" \"day\" 5 3 0 1 1 60",
            "\"cows\" \"night\" 4 0 3 1 0 0",
            "\"ciwa-ar\" \"day\" 0 0 0 0 0 -",
            "\"ciwa-ar\" \"night\" 0 0 0 0 0 -",
            "\"dose-checks\" \"day\" 1 0 1 0 0 0",
            "\"dose-checks\" \"night\" 0 0 0 0 0 -",
        }));
    }

    [Test]
    public async Task A_due_time_set_again_after_the_observation_that_met_it_is_marked_in_error_is_one_round()
    {
        using (var marked = await Nurse.PostAsJsonAsync($"/api/observations/{_v4}/entered-in-error", new { reason = "charted on the wrong patient" }))
        {
            Assert.That(marked.IsSuccessStatusCode, Is.True, await marked.Content.ReadAsStringAsync());
        }

        var report = await _manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/reports/observations?{Window}");

        Assert.That(Rows(report!)[1], Is.EqualTo("\"vitals\" \"night\" 3 1 0 1 1 33.3"),
            "V4 due 02:20 is due again from V3 at 14:20 and, with the next not due until 14:20, outstanding; the 14:40 it had set was superseded before it was due");
    }

    [Test]
    public async Task A_window_from_the_day_shift_after_the_clocks_went_forward_as_csv()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/wards/{Ward}/reports/observations?since=2027-03-28T07:30&until=2027-03-29");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await _physician.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "kind,shift,due,onTime,late,missed,outstanding,onTimePercent,name",
            "vitals,day,1,0,0,0,1,0,Vital signs",
            "vitals,night,0,0,0,0,0,,Vital signs",
            "cows,day,2,1,0,0,1,50,COWS",
            "cows,night,0,0,0,0,0,,COWS",
            "ciwa-ar,day,0,0,0,0,0,,CIWA-Ar",
            "ciwa-ar,night,0,0,0,0,0,,CIWA-Ar",
            "dose-checks,day,0,0,0,0,0,,Dose checks",
            "dose-checks,night,0,0,0,0,0,,Dose checks",
        }), "07:30 BST is 06:30Z: the COWS due 06:35Z and the baselines due 07:30Z are in, the rounds of the night before are not");
    }

    [Test]
    public async Task A_nurse_may_not_read_it_and_a_bad_window_names_its_field_and_is_not_recorded()
    {
        using var byNurse = await Nurse.GetAsync(new Uri($"/api/wards/{Ward}/reports/observations?{Window}", UriKind.Relative));
        Assert.That(byNurse.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        foreach (var (query, field) in new[]
        {
            ("since=27/03/2027", "since"),
            ("since=2027-03-28&until=2027-03-27", "until"),
            ("until=yesterday", "until"),
            ("since=2026-01-01&until=2027-03-28", "since"),
            ("since=2027-03-28T01:30&until=2027-03-29", "since"),
        })
        {
            using var bad = await _manager.GetAsync(new Uri($"/api/wards/{Ward}/reports/observations?{query}", UriKind.Relative));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), query);
            Assert.That(bad.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), query);
            Assert.That((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }), query);
        }

        Assert.That((await _admin.GetFromJsonAsync<JsonNode>("/api/audit?action=report.read&outcome=allowed"))!.ToJsonString(), Does.Not.Contain("reports/observations"),
            "neither the refused nor the bad requests read a report");
        using (var good = await _manager.GetAsync(new Uri($"/api/wards/{Ward}/reports/observations?{Window}", UriKind.Relative)))
        {
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That((await _admin.GetFromJsonAsync<JsonNode>("/api/audit?action=report.read&outcome=allowed"))!.ToJsonString(), Does.Contain($"ward/{Ward}/reports/observations"));
    }
}
