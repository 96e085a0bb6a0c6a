using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// The bedside monitor on the dashboard, fed through the service's real MLLP listener: the tile's
/// 15-minute sparkline, its values at wall size, the patient page's minute bands, and "From monitor".
/// </summary>
[NonParallelizable]
public sealed class MonitorViewTests : BrowserSession
{
    private static readonly (int Width, int Height)[] Sizes = [Wall, Tablet, Phone];

    private async Task<(string Id, string Mrn, string Bed)> AdmitMonitoredAsync(int bed, string name)
    {
        using var nurse = await ApiAsAsync("nurse");
        var mrn = "M" + Guid.NewGuid().ToString("N")[..9];
        var admission = await SendAsync(nurse, "/api/admissions", new { mrn, displayName = name, dateOfBirth = "1984-05-02", ward = Ward, bed = Beds[bed], substances = new[] { "opioid" }, admittedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        return ((string)admission["id"]!, mrn, Beds[bed]);
    }

    /// <summary>A monitor's minute-by-minute readings over the last 12 minutes: SpO2 falling 97 to 86, RR 14 to 8.</summary>
    private static async Task FeedTwelveMinutesAsync((string Id, string Mrn, string Bed) patient)
    {
        await using var monitor = await BedsideMonitor.ConnectAsync();
        var now = DateTimeOffset.UtcNow;
        for (var minute = 12; minute >= 0; minute--)
        {
            await monitor.SendVitalsAsync(patient.Mrn, patient.Bed, now.AddMinutes(-minute).AddSeconds(-2), spo2: 85 + minute, rr: 8 + (minute / 2));
        }
    }

    private static async Task<int> PointsAsync(ILocator polyline) =>
        (await polyline.GetAttributeAsync("points") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Test]
    public async Task Each_monitored_tile_shows_a_fifteen_minute_sparkline_of_spo2_and_rr()
    {
        var patient = await AdmitMonitoredAsync(0, "Sam Sparkline");
        await FeedTwelveMinutesAsync(patient);

        foreach (var size in Sizes)
        {
            var page = await SignInAsync("nurse", size);
            await OpenAsync(page, $"#/ward/{Ward}");
            var tile = page.Locator($"article.tile[data-admission='{patient.Id}']");
            var spark = tile.Locator("svg[data-monitor-spark]");
            await spark.Locator("polyline[data-series='spo2']").WaitForAsync();
            Assert.That(await PointsAsync(spark.Locator("polyline[data-series='spo2']")), Is.GreaterThanOrEqualTo(10), "a point a minute for SpO2");
            Assert.That(await PointsAsync(spark.Locator("polyline[data-series='rr']")), Is.GreaterThanOrEqualTo(10), "a point a minute for RR");
            Assert.That(await spark.GetAttributeAsync("aria-label"), Does.Contain("SpO2 97").And.Contain("RR 14"));
            await Assertions.Expect(tile.Locator("[data-monitor-spo2]")).ToHaveTextAsync("85");
            await AssertAccessibleAsync(page, $"board with a monitor sparkline at {size.Width}");
            await ScreenshotAsync(page, $"monitor-tile-{size.Width}");
            await page.Context.CloseAsync();
        }
    }

    [Test]
    public async Task Wall_mode_shows_the_monitor_values_at_wall_size()
    {
        var patient = await AdmitMonitoredAsync(1, "Wally Monitor");
        await FeedTwelveMinutesAsync(patient);

        var page = await SignInAsync("nurse", Wall, "?wall");
        await OpenAsync(page, $"#/ward/{Ward}");
        var tile = page.Locator($"article.tile[data-admission='{patient.Id}']");
        await tile.Locator("[data-monitor-spo2]").WaitForAsync();
        await tile.Locator("svg[data-monitor-spark] polyline[data-series='spo2']").WaitForAsync();
        await ScreenshotAsync(page, "monitor-wall-1920");

        // Each value as "key text font-size inside-its-tile".
        var values = await tile.EvaluateAsync<string[]>(@"tile => ['rr', 'spo2', 'hr', 'spark'].map(key => {
            const value = tile.querySelector(`[data-monitor-${key}]`);
            const r = value.getBoundingClientRect();
            const t = tile.getBoundingClientRect();
            const inside = r.width > 0 && r.top >= t.top && r.bottom <= t.bottom && r.left >= t.left && r.right <= t.right;
            return `${key} ${value.textContent} ${parseFloat(getComputedStyle(value).fontSize)} ${inside}`;
        })");
        Assert.That(values, Has.Length.EqualTo(4));
        Assert.That(values[3], Does.EndWith(" true"), "the sparkline is shown whole inside its tile");
        foreach (var value in values.Take(3).Select(v => v.Split(' ')))
        {
            Assert.That(double.Parse(value[2], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(48), $"monitor {value[0]} at wall size");
            Assert.That(value[3], Is.EqualTo("true"), $"monitor {value[0]} is shown whole inside its tile");
        }
        Assert.That(values.Take(3).Select(v => v.Split(' ')[1]), Is.EqualTo(new[] { "8", "85", "72" }));
        Assert.That(await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"), Is.LessThanOrEqualTo(1080), "the wall page does not scroll");
        await AssertAccessibleAsync(page, "wall mode with a monitor");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Patient_page_draws_the_monitor_minute_bands_under_the_charted_points()
    {
        var patient = await AdmitMonitoredAsync(2, "Pat Bands");
        await FeedTwelveMinutesAsync(patient);
        await ChartVitalsAsync(patient.Id, rr: 12, spo2: 93);

        foreach (var size in Sizes)
        {
            var page = await SignInAsync("nurse", size);
            await OpenAsync(page, $"#/admission/{patient.Id}");
            var spo2 = page.Locator(".chart[data-chart='spo2']");
            await spo2.Locator("canvas").WaitForAsync();
            await page.WaitForFunctionAsync("() => Number(document.querySelector(\".chart[data-chart='spo2']\")?.dataset.monitorPoints) > 0");
            Assert.That(int.Parse(await spo2.GetAttributeAsync("data-monitor-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(10), "a band for each minute the monitor sent");
            Assert.That(int.Parse(await page.Locator(".chart[data-chart='rr']").GetAttributeAsync("data-monitor-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(10));
            await Assertions.Expect(spo2.Locator("[data-monitor-latest]")).ToContainTextAsync("monitor 85");
            await Assertions.Expect(spo2.Locator("[data-latest]")).ToContainTextAsync("latest 93");
            await Assertions.Expect(page.Locator("#monitor-note")).ToContainTextAsync("charted readings are the points on top");
            await AssertAccessibleAsync(page, $"patient page with monitor bands at {size.Width}");
            await ScreenshotAsync(page, $"monitor-patient-{size.Width}");
            await page.Context.CloseAsync();
        }
    }

    [Test]
    public async Task From_monitor_fills_and_marks_the_readings_and_saves_them_as_monitor_validated()
    {
        var patient = await AdmitMonitoredAsync(3, "Val Idated");
        await using var monitor = await BedsideMonitor.ConnectAsync();

        foreach (var size in new[] { Wall, Phone, Tablet })
        {
            // "From monitor" reads the last minute: the monitor sends just before each look.
            await monitor.SendVitalsAsync(patient.Mrn, patient.Bed, DateTimeOffset.UtcNow.AddSeconds(-1), spo2: 95, rr: 13, hr: 77, systolic: 121, diastolic: 79, temperature: "37.2");
            var page = await SignInAsync("nurse", size);
            await OpenAsync(page, $"#/admission/{patient.Id}/vitals");
            await page.GetByRole(AriaRole.Button, new() { Name = "From monitor" }).ClickAsync();
            var expected = new Dictionary<string, string> { ["respiratoryRate"] = "13", ["spo2"] = "95", ["heartRate"] = "77", ["systolicBp"] = "121", ["diastolicBp"] = "79", ["temperatureC"] = "37.2" };
            foreach (var (field, value) in expected)
            {
                await Assertions.Expect(page.Locator($"#{field}")).ToHaveValueAsync(value);
                await Assertions.Expect(page.Locator($"[data-monitor-mark-for='{field}']")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator($"[data-monitor-mark-for='{field}']")).ToContainTextAsync("from monitor");
            }
            await AssertAccessibleAsync(page, $"vitals form filled from the monitor at {size.Width}");
            await ScreenshotAsync(page, $"monitor-vitals-{size.Width}", fullPage: true);
            if (size != Tablet)
            {
                await page.Context.CloseAsync();
                continue;
            }

            // The nurse corrects the heart rate: that reading is hers now, the others stay the monitor's.
            await page.Locator("#heartRate").FillAsync("80");
            await Assertions.Expect(page.Locator("[data-monitor-mark-for='heartRate']")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("[data-monitor-mark-for='spo2']")).ToBeVisibleAsync();
            await page.Locator("#onOxygen").SelectOptionAsync("false");
            await page.Locator("#consciousness").SelectOptionAsync("A");
            await page.Locator("#sedation").SelectOptionAsync("1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
            await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("validated from the monitor");

            // A reviewer sees on the patient page that the set was validated from the monitor.
            await OpenAsync(page, $"#/admission/{patient.Id}");
            await Assertions.Expect(page.Locator("#entries-table [data-source='monitor-validated']")).ToHaveCountAsync(1);
            await page.Context.CloseAsync();
        }

        using var api = await ApiAsAsync("nurse");
        var timeline = await api.GetFromJsonAsync<JsonObject>($"/api/admissions/{patient.Id}/timeline");
        var saved = timeline!["entries"]!.AsArray().Where(e => (string?)e!["type"] == "vitals").Select(e => e!["vitals"]!).ToList();
        Assert.That(saved, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((string?)saved[0]["source"], Is.EqualTo("monitor-validated"));
            Assert.That((int?)saved[0]["respiratoryRate"], Is.EqualTo(13));
            Assert.That((int?)saved[0]["heartRate"], Is.EqualTo(80));
            Assert.That((decimal?)saved[0]["temperatureC"], Is.EqualTo(37.2m));
        });
    }
}
