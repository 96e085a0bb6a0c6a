using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Devices.Alarms;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// The continuous alarms end to end: real MLLP frames into the service (in this process, on a clock the test moves),
/// alerts read over HTTP and heard on the hub. Device times are chosen by the test, so a minute of monitoring is sent
/// in a moment.
/// </summary>
public sealed class MonitorAlarmTests
{
    private const string Spo2Unit = "262688";
    private const string RrUnit = "264928";
    private const string HrUnit = "264864";
    private const string MmHg = "266016";

    private InProcessService _service = null!;
    private HttpClient _nurse = null!;
    private MllpClient _monitor = null!;
    private string _ward = "";
    private string _bed = "";
    private string _mrn = "";
    private string _admission = "";
    private DateTimeOffset _t0;
    private int _sent;
    private long _judgedBefore;

    private int _port;

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        _port = FeedServices.FreePort();
        _service = await InProcessService.StartAsync(_port);
    }

    [OneTimeTearDown]
    public async Task StopServiceAsync() => await _service.DisposeAsync();

    /// <summary>A ward of two beds, its nurse, a patient admitted an hour ago to the first bed, and their monitor connected.</summary>
    [SetUp]
    public async Task AdmitAsync()
    {
        using var admin = await _service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        _ward = "MA" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        _bed = $"{_ward}-01";
        _mrn = $"M{_ward}";
        await InProcessService.PostOkAsync(admin, "/api/wards", new { code = _ward, name = $"Ward {_ward}", beds = new[] { _bed, $"{_ward}-02" } });
        await InProcessService.PostOkAsync(admin, "/api/users", new { username = $"nurse-{_ward}", password = WardWithPatient.NursePassword, role = "nurse", wards = new[] { _ward } });
        _nurse = await _service.SignedInAsync($"nurse-{_ward}", WardWithPatient.NursePassword);
        _admission = (string)(await InProcessService.PostOkAsync(_nurse, "/api/admissions", new
        {
            mrn = _mrn,
            displayName = "Patient",
            dateOfBirth = "1980-01-01",
            ward = _ward,
            bed = _bed,
            substances = new[] { "opioid" },
            admittedAt = _service.Clock.GetUtcNow().AddHours(-1).ToString("O"),
        }))["id"]!;
        // Device time starts ten minutes back, so that runs of several minutes stay behind the service's now.
        _t0 = _service.Clock.GetUtcNow().AddMinutes(-10);
        _judgedBefore = _service.Services.GetRequiredService<MonitorAlarmEvaluator>().Judged;
        _sent = 0;
        _monitor = await MllpClient.ConnectAsync(_port);
    }

    [TearDown]
    public async Task DisconnectAsync()
    {
        await _monitor.DisposeAsync();
        _nurse.Dispose();
        // Tokens are issued on the service's clock and checked on the machine's: after a test moved or stepped the
        // clock by minutes, the next test gets a service of its own.
        if ((_service.Clock.GetUtcNow() - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(1))
        {
            await _service.DisposeAsync();
            _service = await InProcessService.StartAsync(_port);
        }
    }

    private static (int, string, string) Spo2(int value) => (150456, value.ToString(CultureInfo.InvariantCulture), Spo2Unit);

    private static (int, string, string) Rr(int value) => (151562, value.ToString(CultureInfo.InvariantCulture), RrUnit);

    /// <summary>One message at <paramref name="second"/> of device time; asserts it was acknowledged AA.</summary>
    private async Task SendAsync(double second, params (int Code, string Value, string Unit)[] numerics) =>
        await SendTextAsync(PcdSamples.Numerics(_mrn, _bed, $"{_ward}-{++_sent}", _t0.AddSeconds(second), numerics));

    private async Task SendTextAsync(string message)
    {
        var ack = await _monitor.SendAsync(message);
        Assert.That(ack, Does.Contain("MSA|AA|"), ack);
    }

    /// <summary>One message a second from <paramref name="from"/> to <paramref name="to"/> s, each with the numerics of its second.</summary>
    private async Task SendEverySecondAsync(int from, int to, Func<int, (int, string, string)[]> numerics, int step = 1)
    {
        for (var second = from; second <= to; second += step)
        {
            await SendAsync(second, numerics(second));
        }
    }

    private Task DesaturateAsync(int from, int to, int spo2 = 85) => SendEverySecondAsync(from, to, _ => [Spo2(spo2), Rr(14)]);

    /// <summary>Waits until the alarm rules have judged every message sent: what they raise is then in the store.</summary>
    private async Task JudgedAsync()
    {
        var evaluator = _service.Services.GetRequiredService<MonitorAlarmEvaluator>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (evaluator.Judged - _judgedBefore < _sent)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the rules judged {evaluator.Judged - _judgedBefore} of {_sent} messages");
            await Task.Delay(20);
        }
    }

    private async Task<List<JsonObject>> AlertsAsync(string status = "open", string? code = null)
    {
        await JudgedAsync();
        var alerts = (await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{_ward}/alerts?status={status}"))!.Select(a => a!.AsObject());
        return [.. alerts.Where(a => code is null || (string?)a["code"] == code)];
    }

    private async Task<JsonObject> TheAlertAsync(string code, string status = "open") => (await AlertsAsync(status, code)).Single();

    private async Task<JsonObject> AcknowledgeAsync(JsonObject alert)
    {
        using var response = await _nurse.PostAsJsonAsync($"/api/alerts/{alert["id"]}/acknowledge", new { note = "at the bedside" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [TestCase("monitor-hypoxaemia", "high", "Monitor: SpO2 ≤ 88 % for 15 s since")]
    [TestCase("monitor-bradypnoea", "high", "Monitor: RR ≤ 8 /min for 1 min since")]
    [TestCase("monitor-apnoea", "high", "Monitor: RR 0 (apnoea) for 30 s since")]
    [TestCase("monitor-etco2", "high", "Monitor: EtCO2 ≤ 15 or ≥ 60 mmHg for 3 min since")]
    [TestCase("monitor-heart-rate", "medium", "Monitor: HR ≤ 40 or ≥ 131 /min for 1 min since")]
    public async Task Each_sustained_rule_raises_its_alert_from_the_feed(string code, string priority, string reason)
    {
        switch (code)
        {
            case "monitor-hypoxaemia":
                await DesaturateAsync(0, 15);
                break;
            case "monitor-bradypnoea":
                await SendEverySecondAsync(0, 60, _ => [Spo2(96), Rr(7)], step: 2);
                break;
            case "monitor-apnoea":
                await SendEverySecondAsync(0, 30, _ => [Spo2(96), Rr(0)], step: 2);
                break;
            case "monitor-etco2":
                await SendEverySecondAsync(0, 180, _ => [Spo2(96), (151708, "12", MmHg)], step: 5);
                break;
            default:
                await SendEverySecondAsync(0, 60, _ => [Spo2(96), (147842, "35", HrUnit)], step: 2);
                break;
        }

        var alert = await TheAlertAsync(code);

        Assert.That(((string?)alert["priority"], (string?)alert["status"]), Is.EqualTo((priority, "active")));
        Assert.That((string?)alert["reason"], Does.StartWith(reason));
    }

    [Test]
    public async Task Fourteen_seconds_of_low_saturation_raise_nothing_and_the_fifteenth_raises_once()
    {
        await DesaturateAsync(0, 14);
        Assert.That(await AlertsAsync(), Is.Empty);

        await DesaturateAsync(15, 30);

        var alert = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That((string?)alert["reason"], Does.StartWith("Monitor: SpO2 ≤ 88 % for 15 s since").And.Contain("lowest 85 %; RR 14."),
            "raised by the 15th second, and not raised again by the seconds after it");
    }

    [Test]
    public async Task The_board_hears_the_alarm_on_the_hub()
    {
        await using var board = new WardListener(_service.BaseAddress, _nurse.DefaultRequestHeaders.Authorization!.Parameter!);
        await board.JoinAsync(_ward);

        await DesaturateAsync(0, 15);

        var raised = await board.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]?["code"] == "monitor-hypoxaemia", TimeSpan.FromSeconds(10));
        Assert.That((string?)raised["alert"]!["priority"], Is.EqualTo("high"));
    }

    [Test]
    public async Task An_invalid_sample_neither_starts_nor_clears_the_condition()
    {
        await DesaturateAsync(0, 7);
        // Second 8: the oximeter flags its 99 % invalid (OBX-8 INV), as in motion artefact.
        await SendTextAsync(PcdSamples.Numerics(_mrn, _bed, $"{_ward}-{++_sent}", _t0.AddSeconds(8), Spo2(99), Rr(14)).Replace($"|{Spo2Unit}^^MDC|||||R", $"|{Spo2Unit}^^MDC||INV|||R", StringComparison.Ordinal));
        await DesaturateAsync(9, 15);
        var alert = await TheAlertAsync("monitor-hypoxaemia");

        await SendTextAsync(PcdSamples.Numerics(_mrn, _bed, $"{_ward}-{++_sent}", _t0.AddSeconds(16), Spo2(97), Rr(14)).Replace($"|{Spo2Unit}^^MDC|||||R", $"|{Spo2Unit}^^MDC||INV|||R", StringComparison.Ordinal));

        var after = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That(((string?)after["id"], after["clearedAt"]), Is.EqualTo(((string?)alert["id"], (JsonNode?)null)), "an invalid 97 % clears nothing");
    }

    [Test]
    public async Task A_high_alarm_latches_when_its_condition_clears_and_acknowledging_it_ends_it()
    {
        await DesaturateAsync(0, 179);
        await SendAsync(180, Spo2(96), Rr(14));

        var latched = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That(((string?)latched["status"], latched["clearedAt"] is not null), Is.EqualTo(("active", true)));
        Assert.That((string?)latched["reason"], Does.Contain("Cleared at").And.Contain("after 3 min.").And.EndWith("Acknowledge to close."));

        var acknowledged = await AcknowledgeAsync(latched);
        Assert.That((string?)acknowledged["status"], Is.EqualTo("resolved"));
    }

    [Test]
    public async Task An_acknowledged_alarm_alarms_again_when_the_saturation_is_three_points_lower()
    {
        await DesaturateAsync(0, 15, spo2: 86);
        await AcknowledgeAsync(await TheAlertAsync("monitor-hypoxaemia"));

        await DesaturateAsync(16, 20, spo2: 84);
        Assert.That((string?)(await TheAlertAsync("monitor-hypoxaemia"))["status"], Is.EqualTo("acknowledged"), "two points lower stays silenced");

        await DesaturateAsync(21, 22, spo2: 83);
        var again = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That((string?)again["status"], Is.EqualTo("active"));
        Assert.That((string?)again["reason"], Does.Contain("Worse: lowest SpO2 86 % -> 83 %"));
    }

    [Test]
    public async Task An_acknowledged_alarm_clear_for_ten_minutes_is_resolved_by_the_service()
    {
        await DesaturateAsync(0, 15);
        await AcknowledgeAsync(await TheAlertAsync("monitor-hypoxaemia"));
        await SendAsync(16, Spo2(97), Rr(14));
        var cleared = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That(((string?)cleared["status"], cleared["clearedAt"] is not null), Is.EqualTo(("acknowledged", true)));

        _service.Clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync("open", "monitor-hypoxaemia"), Has.Count.EqualTo(1));

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepMonitorsAsync();
        var resolved = await TheAlertAsync("monitor-hypoxaemia", "resolved");
        Assert.That((string?)resolved["resolveNote"], Is.EqualTo("Condition clear for 10 min after acknowledgement: resolved by the service."));
    }

    [Test]
    public async Task A_condition_that_returns_after_it_cleared_is_a_new_episode_that_sounds()
    {
        await DesaturateAsync(0, 15);
        var first = await AcknowledgeAsync(await TheAlertAsync("monitor-hypoxaemia"));
        await SendAsync(16, Spo2(97), Rr(14));

        await DesaturateAsync(17, 32);

        var second = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That(((string?)second["status"], (string?)second["id"]), Is.Not.EqualTo(("active", (string?)first["id"])));
        Assert.That((string?)second["status"], Is.EqualTo("active"));
    }

    [Test]
    public async Task A_medium_alarm_ends_with_its_condition()
    {
        await SendEverySecondAsync(0, 60, _ => [(147842, "140", HrUnit)], step: 2);
        Assert.That(await AlertsAsync("open", "monitor-heart-rate"), Has.Count.EqualTo(1));

        await SendAsync(62, (147842, "90", HrUnit));

        Assert.That(await AlertsAsync("open", "monitor-heart-rate"), Is.Empty);
        Assert.That((string?)(await TheAlertAsync("monitor-heart-rate", "resolved"))["resolveNote"], Does.Contain("highest 140 /min").And.Contain("Cleared at"));
    }

    [Test]
    public async Task A_probe_off_is_a_lost_signal_and_the_desaturation_it_hides_stays_open()
    {
        await DesaturateAsync(0, 15);
        // The probe comes off: SpO2 arrives flagged invalid while RR goes on.
        for (var second = 16; second <= 76; second += 5)
        {
            await SendTextAsync(PcdSamples.Numerics(_mrn, _bed, $"{_ward}-{++_sent}", _t0.AddSeconds(second), Spo2(0), Rr(14))
                .Replace($"|0|{Spo2Unit}^^MDC|||||R", $"||{Spo2Unit}^^MDC||OFF|||R", StringComparison.Ordinal));
        }

        var lost = await TheAlertAsync("monitor-signal-lost");
        Assert.That((string?)lost["priority"], Is.EqualTo("medium"));
        Assert.That((string?)lost["reason"], Does.StartWith("Monitor signal lost: no valid SpO2 since"));
        Assert.That((await TheAlertAsync("monitor-hypoxaemia"))["clearedAt"], Is.Null, "silence is not recovery");
    }

    [Test]
    public async Task A_silent_monitor_is_offline_after_two_minutes_and_back_when_it_sends()
    {
        await SendAsync(0, Spo2(97), Rr(14));

        _service.Clock.Advance(TimeSpan.FromSeconds(119));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync(), Is.Empty);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepMonitorsAsync();
        var offline = await TheAlertAsync("monitor-offline");
        Assert.That(((string?)offline["priority"], (string?)offline["reason"]), Is.EqualTo(("medium", (string?)offline["reason"])));
        Assert.That((string?)offline["reason"], Does.StartWith("Monitor offline: no message since").And.Contain("(2 min)"));

        await SendAsync(130, Spo2(97), Rr(14));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync(), Is.Empty);
        Assert.That((string?)(await TheAlertAsync("monitor-offline", "resolved"))["resolveNote"], Does.StartWith("Monitor back at"));
    }

    [Test]
    public async Task A_silent_monitor_is_offline_after_two_minutes_of_elapsed_time_when_the_wall_clock_is_stepped_back()
    {
        await SendAsync(0, Spo2(97), Rr(14));
        Assert.That(await AlertsAsync(), Is.Empty);
        await _service.SweepMonitorsAsync();
        _service.Clock.StepWall(TimeSpan.FromMinutes(-10));

        _service.Clock.Advance(TimeSpan.FromSeconds(119));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync(), Is.Empty);

        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync("open", "monitor-offline"), Has.Count.EqualTo(1), "two minutes of silence, though the wall clock reads before the last message");
    }

    [Test]
    public async Task A_step_forward_does_not_resolve_an_acknowledged_alarm_before_ten_minutes_clear()
    {
        await DesaturateAsync(0, 15);
        await AcknowledgeAsync(await TheAlertAsync("monitor-hypoxaemia"));
        await SendAsync(16, Spo2(97), Rr(14));
        Assert.That((await TheAlertAsync("monitor-hypoxaemia"))["clearedAt"], Is.Not.Null);
        _service.Clock.StepWall(TimeSpan.FromMinutes(10));

        // Resolved early, it would leave the board while the nurse still expects to see it.
        _service.Clock.Advance(TimeSpan.FromSeconds(1));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync("open", "monitor-hypoxaemia"), Has.Count.EqualTo(1));

        _service.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await _service.SweepMonitorsAsync();
        Assert.That(await AlertsAsync("open", "monitor-hypoxaemia"), Is.Empty);
    }

    [Test]
    public async Task During_a_naloxone_watch_a_silent_monitor_is_high_and_names_the_watch()
    {
        using var given = await _nurse.PostAsJsonAsync($"/api/admissions/{_admission}/doses", new
        {
            drug = "naloxone",
            dose = 0.4m,
            unit = "mg",
            route = "IM",
            givenAt = _service.Clock.GetUtcNow().AddMinutes(-5).ToString("O"),
            reason = "prescribed",
        });
        Assert.That(given.IsSuccessStatusCode, Is.True, await given.Content.ReadAsStringAsync());
        await SendAsync(0, Spo2(97), Rr(14));

        _service.Clock.Advance(TimeSpan.FromSeconds(120));
        await _service.SweepMonitorsAsync();

        var offline = await TheAlertAsync("monitor-offline");
        Assert.That((string?)offline["priority"], Is.EqualTo("high"));
        Assert.That((string?)offline["reason"], Does.Contain("During the re-sedation watch after naloxone"));
    }

    [Test]
    public async Task A_transferred_patients_alarm_moves_with_them_and_the_feed_goes_on_from_the_new_bed()
    {
        await DesaturateAsync(0, 15);
        var before = await TheAlertAsync("monitor-hypoxaemia");
        using var moved = await _nurse.PostAsJsonAsync($"/api/admissions/{_admission}/transfer", new { bed = $"{_ward}-02" });
        Assert.That(moved.IsSuccessStatusCode, Is.True, await moved.Content.ReadAsStringAsync());
        _bed = $"{_ward}-02";

        await DesaturateAsync(16, 30);

        var after = await TheAlertAsync("monitor-hypoxaemia");
        Assert.That(((string?)after["id"], (string?)after["bed"]), Is.EqualTo(((string?)before["id"], $"{_ward}-02")));
    }
}
