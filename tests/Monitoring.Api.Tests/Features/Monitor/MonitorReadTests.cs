using System.Net;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Devices;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Monitor;

/// <summary>The monitor read API and the board's monitor block: series by resolution, last-minute medians, state, roles, audit, 400s.</summary>
public sealed class MonitorReadTests(Store store) : FeedTest(store)
{
    private const string Percent = "262688";
    private const string PerMinute = "264864";
    private const string Breaths = "264928";

    private async Task<(Guid Id, string Mrn, string Bed, TestWard Ward, HttpClient Nurse)> MonitoredAsync(params (TimeSpan Ago, (int, string, string)[] Numerics)[] messages)
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var (ago, numerics) in messages)
        {
            var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.Numerics(patient.Mrn, patient.Bed, Unique("R-"), now - ago, numerics)));
            Assert.That(ack.Code, Is.EqualTo("AA"), ack.Text);
        }
        return (patient.Id, patient.Mrn, patient.Bed, patient.Ward, await SignInAsync("nurse", patient.Ward.Code));
    }

    private static async Task<JsonObject> GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Test]
    public async Task Raw_samples_come_back_per_parameter_with_the_monitors_state()
    {
        var patient = await MonitoredAsync(
            (TimeSpan.FromSeconds(20), [(150456, "95", Percent), (151562, "12", Breaths)]),
            (TimeSpan.FromSeconds(10), [(150456, "93", Percent), (151562, "10", Breaths)]));

        var body = await GetOkAsync(patient.Nurse, $"/api/admissions/{patient.Id}/monitor?resolution=raw");

        Assert.Multiple(() =>
        {
            Assert.That((string?)body["admissionId"], Is.EqualTo(patient.Id.ToString()));
            Assert.That((string?)body["device"]!["status"], Is.EqualTo("live"));
            Assert.That((string?)body["device"]!["id"], Is.EqualTo("TESTMON^0011223344556677^EUI-64"));
            Assert.That(body["parameters"]!["spo2"]!.AsArray().Select(p => (double)p!["last"]!), Is.EqualTo(new[] { 95.0, 93.0 }));
            Assert.That(body["parameters"]!["respiratoryRate"]!.AsArray().Select(p => (int)p!["count"]!), Is.EqualTo(new[] { 1, 1 }));
        });
    }

    [Test]
    public async Task Minute_aggregates_hold_min_max_last_and_count_and_five_minutes_fold_them()
    {
        var now = DateTimeOffset.UtcNow;
        var minute = TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute);
        // Three samples in one earlier minute, in an order whose last is neither the lowest nor the highest.
        var patient = await MonitoredAsync(
            (minute + TimeSpan.FromSeconds(50), [(150456, "96", Percent)]),
            (minute + TimeSpan.FromSeconds(30), [(150456, "90", Percent)]),
            (minute + TimeSpan.FromSeconds(10), [(150456, "93", Percent)]));

        var oneMinute = await GetOkAsync(patient.Nurse, $"/api/admissions/{patient.Id}/monitor");
        var fiveMinutes = await GetOkAsync(patient.Nurse, $"/api/admissions/{patient.Id}/monitor?resolution=5m");

        var point = oneMinute["parameters"]!["spo2"]!.AsArray().Single()!;
        Assert.That(((double)point["min"]!, (double)point["max"]!, (double)point["last"]!, (int)point["count"]!), Is.EqualTo((90.0, 96.0, 93.0, 3)));
        Assert.That((string?)oneMinute["resolution"], Is.EqualTo("1m"));
        Assert.That(fiveMinutes["parameters"]!["spo2"]!.AsArray().Sum(p => (int)p!["count"]!), Is.EqualTo(3));
    }

    [Test]
    public async Task The_first_code_of_the_table_present_wins_for_a_parameter()
    {
        var patient = await MonitoredAsync((TimeSpan.FromSeconds(5), [(149546, "80", PerMinute), (147842, "72", PerMinute), (149530, "75", PerMinute)]));

        var body = await GetOkAsync(patient.Nurse, $"/api/admissions/{patient.Id}/monitor?resolution=raw");

        Assert.That(body["parameters"]!["heartRate"]!.AsArray().Select(p => (double)p!["last"]!), Is.EqualTo(new[] { 72.0 }), "ECG before oximeter before NIBP");
    }

    [Test]
    public async Task Latest_is_the_median_of_the_last_minute()
    {
        var patient = await MonitoredAsync(
            (TimeSpan.FromSeconds(40), [(150456, "97", Percent)]),
            (TimeSpan.FromSeconds(30), [(150456, "90", Percent)]),
            (TimeSpan.FromSeconds(20), [(150456, "94", Percent)]),
            (TimeSpan.FromMinutes(5), [(150456, "70", Percent), (151562, "20", Breaths)]));

        var body = await GetOkAsync(patient.Nurse, $"/api/admissions/{patient.Id}/monitor/latest");

        Assert.That((double)body["parameters"]!["spo2"]!["value"]!, Is.EqualTo(94));
        Assert.That((int)body["parameters"]!["spo2"]!["count"]!, Is.EqualTo(3), "the sample of five minutes ago is not in it");
        Assert.That(body["parameters"]!.AsObject().ContainsKey("respiratoryRate"), Is.False);
    }

    [Test]
    public async Task The_board_tile_shows_the_monitor_block()
    {
        var patient = await MonitoredAsync((TimeSpan.FromSeconds(5), [(150456, "91", Percent), (151562, "9", Breaths), (147842, "64", PerMinute)]));

        var board = await GetOkAsync(patient.Nurse, $"/api/wards/{patient.Ward.Code}/board");

        var tiles = board["beds"]!.AsArray();
        var monitor = tiles.Single(t => (string?)t!["admissionId"] == patient.Id.ToString())!["monitor"]!;
        Assert.That(((string?)monitor["status"], (double?)monitor["spo2"], (double?)monitor["respiratoryRate"], (double?)monitor["heartRate"]), Is.EqualTo(("live", 91.0, 9.0, 64.0)));
        Assert.That(tiles.Single(t => (string?)t!["admissionId"] is null)!["monitor"], Is.Null, "an empty bed has no monitor block");
    }

    [Test]
    public async Task A_patient_without_a_monitor_reads_none()
    {
        var patient = await AdmitMonitoredAsync();
        using var nurse = await SignInAsync("nurse", patient.Ward.Code);

        var body = await GetOkAsync(nurse, $"/api/admissions/{patient.Id}/monitor");

        Assert.That((string?)body["device"]!["status"], Is.EqualTo("none"));
        Assert.That(body["parameters"]!.AsObject(), Is.Empty);
    }

    [TestCase("resolution=2m", "resolution")]
    [TestCase("resolution=raw&since=2026-01-01T00:00:00Z&until=2026-01-01T01:00:01Z", "since")]
    [TestCase("since=2026-01-01T00:00:00Z&until=2026-01-03T00:00:00Z", "since")]
    [TestCase("since=2026-01-01T02:00:00Z&until=2026-01-01T01:00:00Z", "until")]
    public async Task A_bad_window_is_a_400_naming_the_field(string queryString, string field)
    {
        var patient = await AdmitMonitoredAsync();
        using var nurse = await SignInAsync("nurse", patient.Ward.Code);
        var audited = await Db.CountAsync("audit_log", "action = 'monitor.read' AND admission_id = @Id", new { Id = Db.Id(patient.Id) });

        using var response = await nurse.GetAsync(new Uri($"/api/admissions/{patient.Id}/monitor?{queryString}", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("audit_log", "action = 'monitor.read' AND admission_id = @Id", new { Id = Db.Id(patient.Id) }), Is.EqualTo(audited));
    }

    [Test]
    public async Task Reads_are_audited()
    {
        var patient = await AdmitMonitoredAsync();
        using var physician = await SignInAsync("physician", patient.Ward.Code);

        await GetOkAsync(physician, $"/api/admissions/{patient.Id}/monitor");
        await GetOkAsync(physician, $"/api/admissions/{patient.Id}/monitor/latest");

        Assert.That(await Db.CountAsync("audit_log", "action IN ('monitor.read', 'monitor.latest.read') AND admission_id = @Id", new { Id = Db.Id(patient.Id) }), Is.EqualTo(2));
    }

    [TestCase("/monitor")]
    [TestCase("/monitor/latest")]
    public async Task Managers_may_not_read_and_other_wards_do_not_see_it(string path)
    {
        var patient = await AdmitMonitoredAsync();
        using var manager = await SignInAsync("manager", patient.Ward.Code);
        var otherWard = await NewWardAsync(beds: 1);
        using var stranger = await SignInAsync("nurse", otherWard.Code);
        using var anonymous = Service.CreateClient();

        using var forbidden = await manager.GetAsync(new Uri($"/api/admissions/{patient.Id}{path}", UriKind.Relative));
        using var hidden = await stranger.GetAsync(new Uri($"/api/admissions/{patient.Id}{path}", UriKind.Relative));
        using var unsigned = await anonymous.GetAsync(new Uri($"/api/admissions/{patient.Id}{path}", UriKind.Relative));

        Assert.That((forbidden.StatusCode, hidden.StatusCode, unsigned.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized)));
    }
}
