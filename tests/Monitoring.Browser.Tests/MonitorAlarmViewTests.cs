using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// A monitor alarm on the board and the patient page: a desaturation sent over MLLP raises
/// "monitor-hypoxaemia", which flashes and sounds like any high alert and is marked on the charts.
/// </summary>
[NonParallelizable]
public sealed partial class MonitorAlarmViewTests : BrowserSession
{
    private const string CountBeeps = "() => { window.beeps = 0; window.addEventListener('alarm-sounded', () => { window.beeps += 1; }); }";

    private async Task<(string Id, string Mrn, string Bed)> AdmitMonitoredAsync(int bed, string name)
    {
        using var nurse = await ApiAsAsync("nurse");
        var mrn = "M" + Guid.NewGuid().ToString("N")[..9];
        var admission = await SendAsync(nurse, "/api/admissions", new { mrn, displayName = name, dateOfBirth = "1979-11-20", ward = Ward, bed = Beds[bed], substances = new[] { "opioid" }, admittedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        return ((string)admission["id"]!, mrn, Beds[bed]);
    }

    /// <summary>SpO2 85 for 16 seconds of device time, ending a few seconds ago: hypoxaemia sustained for 15 s.</summary>
    private static async Task DesaturateAsync((string Id, string Mrn, string Bed) patient)
    {
        await using var monitor = await BedsideMonitor.ConnectAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(-20);
        for (var second = 0; second < 16; second++)
        {
            await monitor.SendVitalsAsync(patient.Mrn, patient.Bed, start.AddSeconds(second), spo2: 85, rr: 14);
        }
    }

    [Test, Order(1)]
    public async Task A_monitor_desaturation_flashes_and_sounds_on_the_board_like_any_high_alert()
    {
        var patient = await AdmitMonitoredAsync(0, "Dee Saturation");
        var page = await SignInAsync("nurse", Wall, "?wall");
        await OpenAsync(page, $"#/ward/{Ward}");
        await page.EvaluateAsync(CountBeeps);

        await DesaturateAsync(patient);

        var alert = page.Locator($"li.alert[data-code='monitor-hypoxaemia'][data-bed='{patient.Bed}']");
        await Assertions.Expect(alert).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(alert).ToHaveClassAsync(Flashing());
        await Assertions.Expect(alert).ToHaveClassAsync(HighPriority());
        await Assertions.Expect(alert).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(alert.Locator(".name")).ToHaveTextAsync("Monitor: low SpO2");

        var tile = page.Locator($"article.tile[data-admission='{patient.Id}']");
        await Assertions.Expect(tile.Locator("[data-top-alert='monitor-hypoxaemia']")).ToHaveTextAsync("High: Monitor: low SpO2");
        await Assertions.Expect(tile.Locator("[data-top-alert='monitor-hypoxaemia']")).ToHaveClassAsync(HighPriority());
        await Assertions.Expect(tile).ToHaveAttributeAsync("aria-label", new Regex("High alert: Monitor: low SpO2"));

        await Assertions.Expect(page.Locator("#sound")).ToHaveAttributeAsync("data-state", "on");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-sound", "on");
        await page.WaitForFunctionAsync("() => window.beeps > 0", null, new() { Timeout = 10_000 });
        await ScreenshotAsync(page, "monitor-alarm-wall-1920");
        await page.Context.CloseAsync();
    }

    [Test, Order(2)]
    public async Task The_patient_page_marks_the_monitor_alarm_on_its_time_axis()
    {
        var patient = await AdmitMonitoredAsync(1, "Marc Axis");
        await DesaturateAsync(patient);

        var page = await SignInAsync("nurse", Tablet);
        await OpenAsync(page, $"#/admission/{patient.Id}");
        await Assertions.Expect(page.Locator("#alerts-table tbody tr")).ToContainTextAsync("Monitor: low SpO2", new() { Timeout = 20_000 });
        var spo2 = page.Locator(".chart[data-chart='spo2']");
        await Assertions.Expect(spo2).ToHaveAttributeAsync("data-monitor-alarms", "1", new() { Timeout = 20_000 });
        await Assertions.Expect(spo2.Locator(".plot")).ToHaveAttributeAsync("aria-label", new Regex("1 monitor alarm marked"));
        await Assertions.Expect(page.Locator("#monitor-note")).ToContainTextAsync("Monitor alarms, marked on the time axis: Monitor: low SpO2");
        await AssertAccessibleAsync(page, "patient page with a monitor alarm");
        await ScreenshotAsync(page, "monitor-alarm-patient-1024");
        await page.Context.CloseAsync();
    }

    [Test, Order(3)]
    public async Task The_board_with_a_monitor_alarm_has_no_serious_accessibility_violation_at_any_size()
    {
        var patient = await AdmitMonitoredAsync(2, "Axel Alarm");
        await DesaturateAsync(patient);

        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var page = await SignInAsync("nurse", size);
            await OpenAsync(page, $"#/ward/{Ward}");
            var alert = page.Locator($"li.alert[data-code='monitor-hypoxaemia'][data-bed='{patient.Bed}']");
            await Assertions.Expect(alert).ToHaveClassAsync(Flashing(), new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator($"article.tile[data-admission='{patient.Id}'] [data-top-alert='monitor-hypoxaemia']")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page, $"board with a monitor alarm at {size.Width}");
            await ScreenshotAsync(page, $"monitor-alarm-board-{size.Width}");
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"\bflash\b")]
    private static partial Regex Flashing();

    [GeneratedRegex(@"\bpriority-high\b")]
    private static partial Regex HighPriority();
}
