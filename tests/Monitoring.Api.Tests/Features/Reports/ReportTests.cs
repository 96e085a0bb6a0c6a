using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Reports;

/// <summary>
/// The response and alert-load reports against one hand-computed fixture on the fake clock, around the night the
/// clocks went forward in Europe/London (01:00 GMT on 28 March 2027) and across the 19:30 shift change.
/// </summary>
/// <remarks>
/// Alerts in the window (UTC; London is GMT until 28 March 01:00, BST after):
/// R1 respiratory-depression high, 27th 10:00:00 (day): acknowledged +90 s, first response +120 s, resolved +600 s "treated".
/// N1 news2-single-parameter medium, 27th 10:00:00 (day): acknowledged +1200 s, resolved +1800 s "artefact".
/// O1 oversedation medium, 27th 19:29:59 (day, one second before the shift change): acknowledged +61 s, still acknowledged.
/// R2 respiratory-depression high, 27th 19:30:00 (night): escalated, first response +240 s, acknowledged +360 s, resolved +1200 s.
/// N2 news2-single-parameter medium, 27th 19:30:00 (night): never acknowledged.
/// O2 oversedation medium, 28th 06:20 = 07:20 BST (night): acknowledged +1800 s.
/// R3 respiratory-depression high, 28th 06:45 = 07:45 BST (day; 06:45 by GMT would be night): acknowledged +60 s, first response +180 s.
/// N3 news2-single-parameter medium, 28th 06:45 (day): never acknowledged.
/// Stays inside [27th 00:00Z, now = 28th 07:00Z): C 00:00-02:00 (2 h), A 09:50-07:00 (21 h 10 min), B 06:00-07:00 (1 h):
/// 24 h 10 min = 1.00694 patient-days.
/// </remarks>
[NonParallelizable]
public sealed class ReportTests() : FakeClockWardTest("RP", "RP-01", "RP-02", "RP-03")
{
    private const string Password = "report-password-5";
    private const string Window = "since=2027-03-27&until=2027-03-29";

    private HttpClient _manager = null!;
    private HttpClient _physician = null!;

    private static DateTimeOffset Utc(int day, int hour, int minute, int second = 0) => new(2027, 3, day, hour, minute, second, TimeSpan.Zero);

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

    private Task<HttpResponseMessage> AcknowledgeAsync(string alert) => Nurse.PostAsJsonAsync($"/api/alerts/{alert}/acknowledge", new { note = "seen" });

    private Task<HttpResponseMessage> RespondAsync(string alert, string action, DateTimeOffset? at = null) =>
        Nurse.PostAsJsonAsync($"/api/alerts/{alert}/responses", new { action, at = at?.ToString("O") });

    private Task<HttpResponseMessage> ResolveAsync(string alert, string? outcome) => Nurse.PostAsJsonAsync($"/api/alerts/{alert}/resolve", new { note = "done", outcome });

    private async Task<string> OpenAlertAsync(string admission, string code) =>
        (string)(await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=open"))!
            .Single(a => (string?)a!["admissionId"] == admission && (string?)a["code"] == code)!["id"]!;

    [SetUp]
    public async Task ChartTheFixtureAsync()
    {
        // Everyone signs in on today's clock: tokens are checked against the real one, the fixture lives in March 2027.
        _manager = await UserAsync("manager");
        _physician = await UserAsync("physician", Ward);

        Service.Clock.SetUtcNow(Utc(26, 22, 0));
        var c = await AdmitAsync("RP-03");
        await AtAsync(Utc(27, 2, 0), () => Nurse.PostAsJsonAsync($"/api/admissions/{c}/discharge", new { note = "home" }));

        Service.Clock.SetUtcNow(Utc(27, 9, 50));
        var a = await AdmitAsync("RP-01");
        await AtAsync(Utc(27, 10, 0), () => PostVitalsAsync(a, rate: 7));
        await AtAsync(Utc(27, 10, 0), () => PostCowsAsync(a));
        var r1 = await OpenAlertAsync(a, "respiratory-depression");
        var n1 = await OpenAlertAsync(a, "news2-single-parameter");
        await AtAsync(Utc(27, 10, 1, 30), () => AcknowledgeAsync(r1));
        await AtAsync(Utc(27, 10, 2, 30), () => RespondAsync(r1, "called-physician", Utc(27, 10, 2)));
        await AtAsync(Utc(27, 10, 5), () => RespondAsync(r1, "reviewed-at-bedside"));
        await AtAsync(Utc(27, 10, 10), () => ResolveAsync(r1, "treated"));
        await AtAsync(Utc(27, 10, 20), () => AcknowledgeAsync(n1));
        await AtAsync(Utc(27, 10, 30), () => ResolveAsync(n1, "artefact"));

        await AtAsync(Utc(27, 19, 29), () => PostCowsAsync(a));
        await AtAsync(Utc(27, 19, 29, 59), () => PostVitalsAsync(a, sedation: "3"));
        var o1 = await OpenAlertAsync(a, "oversedation");
        await AtAsync(Utc(27, 19, 30), () => PostVitalsAsync(a, rate: 7, sedation: "3"));
        var r2 = await OpenAlertAsync(a, "respiratory-depression");
        await AtAsync(Utc(27, 19, 31), () => AcknowledgeAsync(o1));
        Service.Clock.SetUtcNow(Utc(27, 19, 32, 30));
        await Service.SweepAsync();
        await AtAsync(Utc(27, 19, 36), () => AcknowledgeAsync(r2));
        await AtAsync(Utc(27, 19, 37), () => RespondAsync(r2, "naloxone-given", Utc(27, 19, 34)));
        await AtAsync(Utc(27, 19, 50), () => ResolveAsync(r2, null));

        Service.Clock.SetUtcNow(Utc(28, 6, 0));
        var b = await AdmitAsync("RP-02");
        await AtAsync(Utc(28, 6, 20), () => PostVitalsAsync(b, sedation: "3"));
        var o2 = await OpenAlertAsync(b, "oversedation");
        await AtAsync(Utc(28, 6, 45), () => PostVitalsAsync(b, rate: 7, sedation: "3"));
        var r3 = await OpenAlertAsync(b, "respiratory-depression");
        await AtAsync(Utc(28, 6, 46), () => AcknowledgeAsync(r3));
        await AtAsync(Utc(28, 6, 48), () => RespondAsync(r3, "called-rapid-response"));
        await AtAsync(Utc(28, 6, 50), () => AcknowledgeAsync(o2));
        Service.Clock.SetUtcNow(Utc(28, 7, 0));

        // The fixture is what the remarks say: every alert the charting raised, and no other.
        var raised = new List<string>();
        foreach (var status in new[] { "active", "acknowledged", "resolved" })
        {
            raised.AddRange((await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status={status}"))!
                .Select(x => $"{x!["code"]} {x["priority"]} {x["status"]} {(bool)x["escalated"]!}"));
        }
        Assert.That(raised, Is.EquivalentTo(new[]
        {
            "respiratory-depression high resolved False", "news2-single-parameter medium resolved False", "oversedation medium acknowledged False",
            "respiratory-depression high resolved True", "news2-single-parameter medium active False", "oversedation medium acknowledged False",
            "respiratory-depression high acknowledged False", "news2-single-parameter medium active False",
        }));
    }

    [TearDown]
    public void SignOut()
    {
        _manager.Dispose();
        _physician.Dispose();
    }

    [Test]
    public async Task Response_report_per_priority_and_shift_in_the_wards_clock()
    {
        var report = await _manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/reports/response?{Window}");

        Assert.That((string?)report!["since"], Is.EqualTo("2027-03-27T00:00:00+00:00"));
        Assert.That((string?)report["until"], Is.EqualTo("2027-03-29T00:00:00+01:00"), "midnight after the clocks went forward");
        Assert.That((string?)report["percentiles"], Is.EqualTo("nearest-rank"));
        var rows = report["rows"]!.AsArray().Select(r => string.Join(" ", new[]
        {
            "priority", "shift", "raised", "acknowledgeP50Seconds", "acknowledgeP90Seconds", "firstResponseP50Seconds", "firstResponseP90Seconds", "escalated", "stillUnacknowledged",
        }.Select(field => r![field]?.ToJsonString() ?? "-"))).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            "\"high\" \"day\" 2 60 90 120 180 0 0",
            "\"high\" \"night\" 1 360 360 240 240 1 0",
            "\"medium\" \"day\" 3 61 1200 - - 0 1",
            "\"medium\" \"night\" 2 1800 1800 - - 0 1",
            "\"low\" \"day\" 0 - - - - 0 0",
            "\"low\" \"night\" 0 - - - - 0 0",
        }));
    }

    [Test]
    public async Task Alert_load_report_per_code_per_100_patient_days()
    {
        var report = await _physician.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/reports/alert-load?{Window}");

        Assert.That((double)report!["patientDays"]!, Is.EqualTo(1.007));
        var rows = report["rows"]!.AsArray().Select(r => string.Join(" ", new[]
        {
            "code", "raised", "per100PatientDays", "acknowledgedWithinTargetShare", "artefactShare", "medianDurationSeconds",
        }.Select(field => r![field]?.ToJsonString() ?? "-"))).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            "\"news2-single-parameter\" 3 297.93 0 1 1800",
            "\"oversedation\" 2 198.62 0.5 - -",
            "\"respiratory-depression\" 3 297.93 0.6667 0 600",
        }));
    }

    [Test]
    public async Task Csv_when_asked_for_with_the_same_figures()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/wards/{Ward}/reports/response?{Window}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await _manager.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "priority,shift,raised,acknowledgeP50Seconds,acknowledgeP90Seconds,firstResponseP50Seconds,firstResponseP90Seconds,escalated,stillUnacknowledged",
            "high,day,2,60,90,120,180,0,0",
            "high,night,1,360,360,240,240,1,0",
            "medium,day,3,61,1200,,,0,1",
            "medium,night,2,1800,1800,,,0,1",
            "low,day,0,,,,,0,0",
            "low,night,0,,,,,0,0",
        }));
    }

    [Test]
    public async Task A_nurse_may_not_read_reports_and_a_bad_window_names_its_field()
    {
        using var byNurse = await Nurse.GetAsync(new Uri($"/api/wards/{Ward}/reports/response?{Window}", UriKind.Relative));
        Assert.That(byNurse.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var badSince = await _manager.GetAsync(new Uri($"/api/wards/{Ward}/reports/alert-load?since=27/03/2027", UriKind.Relative));
        Assert.That(badSince.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await badSince.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "since" }));

        using var skipped = await _manager.GetAsync(new Uri($"/api/wards/{Ward}/reports/response?since=2027-03-28T01:30&until=2027-03-29", UriKind.Relative));
        Assert.That(skipped.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "01:30 did not happen in London that night");
    }
}
