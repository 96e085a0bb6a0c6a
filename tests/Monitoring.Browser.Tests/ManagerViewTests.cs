using System.Globalization;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>Escalation responses in two taps, the printable handover sheet and the manager's reports page.</summary>
[NonParallelizable]
public sealed class ManagerViewTests : BrowserSession
{
    [Test]
    public async Task A_nurse_records_a_response_in_two_taps_from_the_alert_list_and_the_patient_page()
    {
        var admission = await AdmitAsync(0, "Ari Response");
        await ChartVitalsAsync(admission, rr: 7);
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var alert = nurse.Locator("li.alert[data-code='respiratory-depression']");
        await Assertions.Expect(alert).ToBeVisibleAsync(FewSeconds);

        await alert.GetByRole(AriaRole.Button, new() { Name = "Record response…" }).ClickAsync();
        await alert.GetByRole(AriaRole.Button, new() { Name = "Called physician" }).ClickAsync();

        await Assertions.Expect(alert.Locator(".responses")).ToContainTextAsync("Responses: Called physician");
        await Assertions.Expect(alert.GetByRole(AriaRole.Button, new() { Name = "Called physician" })).ToBeHiddenAsync();

        await OpenAsync(nurse, $"#/admission/{admission}");
        var row = nurse.Locator("#alerts-table tr[data-alert]").Filter(new() { HasText = "Respiratory" });
        await Assertions.Expect(row).ToContainTextAsync("Called physician");
        await row.GetByRole(AriaRole.Button, new() { Name = "Record response…" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Reviewed at bedside" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#alerts-table tr[data-alert]").Filter(new() { HasText = "Respiratory" })).ToContainTextAsync("Reviewed at bedside", new() { Timeout = 10_000 });
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_handover_sheet_prints_one_block_per_patient_and_passes_axe()
    {
        var first = await AdmitAsync(1, "Kit Handover", TimeSpan.FromHours(23));
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var now = DateTimeOffset.UtcNow;
        var dayOfStay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, london).DateTime).DayNumber
            - DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now.AddHours(-23), london).DateTime).DayNumber + 1;
        var second = await AdmitAsync(2, "Lee Handover");
        await ChartVitalsAsync(first, rr: 7);
        await ChartCowsAsync(second, each: 2);
        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var nurse = await SignInAsync("nurse", size);
            await OpenAsync(nurse, $"#/ward/{Ward}/handover");
            await Assertions.Expect(nurse.Locator($"article.handover-patient[data-admission='{first}']")).ToContainTextAsync("Kit Handover", new() { Timeout = 10_000 });
            await Assertions.Expect(nurse.Locator($"article.handover-patient[data-admission='{first}']")).ToContainTextAsync($"day {dayOfStay} of stay");
            await Assertions.Expect(nurse.Locator($"article.handover-patient[data-admission='{second}']")).ToContainTextAsync("COWS");
            await Assertions.Expect(nurse.Locator($"article.handover-patient[data-admission='{second}']")).ToContainTextAsync("no monitor");
            await AssertAccessibleAsync(nurse, $"handover at {size.Width}");
            await AssertNoSidewaysScrollAsync(nurse);
            if (size == Wall)
            {
                await nurse.EmulateMediaAsync(new() { Media = Media.Print });
                Assert.That(await nurse.Locator("header.top").EvaluateAsync<string>("e => getComputedStyle(e).display"), Is.EqualTo("none"), "no header on paper");
                Assert.That(await nurse.Locator("article.handover-patient").First.EvaluateAsync<string>("e => getComputedStyle(e).breakAfter"), Is.EqualTo("page"), "each patient on a page of their own");
                Assert.That(await nurse.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"), Is.EqualTo("rgb(255, 255, 255)"));
                await ScreenshotAsync(nurse, "handover-print", fullPage: true);
            }
            await nurse.Context.CloseAsync();
        }
    }

    [Test]
    public async Task The_reports_page_shows_the_tables_the_weekly_trend_and_downloads_csv()
    {
        var admission = await AdmitAsync(3, "Mo Report");
        await ChartVitalsAsync(admission, rr: 7);
        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var manager = await SignInAsync("manager", size);
            await OpenAsync(manager, $"#/ward/{Ward}/reports");
            await Assertions.Expect(manager.Locator("#response-table tbody tr")).ToHaveCountAsync(6, new() { Timeout = 10_000 });
            await Assertions.Expect(manager.Locator("#alert-load-table")).ToContainTextAsync("Respiratory");
            await Assertions.Expect(manager.Locator("#trend canvas").First).ToBeVisibleAsync(FewSeconds);
            await AssertAccessibleAsync(manager, $"reports at {size.Width}");
            await AssertNoSidewaysScrollAsync(manager);
            if (size == Wall)
            {
                var download = await manager.RunAndWaitForDownloadAsync(() => manager.Locator("button[data-csv='response']").ClickAsync());
                Assert.That(download.SuggestedFilename, Is.EqualTo($"{Ward}-response.csv"));
                var path = await download.PathAsync();
                Assert.That((await File.ReadAllLinesAsync(path))[0], Does.StartWith("priority,shift,raised,acknowledgeP50Seconds"));
                await ScreenshotAsync(manager, "reports");
            }
            await manager.Context.CloseAsync();
        }
    }

    [Test]
    public async Task The_reports_page_shows_the_observations_table_each_kind_and_shift_with_its_figures()
    {
        // Admitted 3 h ago, so its baseline vital signs were due 2 h ago; charted half an hour after that, past the grace: late.
        var admission = await AdmitAsync(5, "Ola Rounds", TimeSpan.FromHours(3));
        await ChartVitalsAsync(admission, rr: 16, minutesAgo: 90);
        var manager = await SignInAsync("manager");
        await OpenAsync(manager, $"#/ward/{Ward}/reports");

        // Every kind in the served names, the suite's described scale (SOWS) among them: two shifts each.
        var rows = manager.Locator("#observations-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(10, new() { Timeout = 10_000 });
        var cells = await rows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        Assert.That(cells.Select(r => $"{r[0]} {r[1]}"), Is.EqualTo(new[]
        {
            "Vital signs day", "Vital signs night", "COWS day", "COWS night", "CIWA-Ar day", "CIWA-Ar night", "SOWS day", "SOWS night", "Dose checks day", "Dose checks night",
        }));
        foreach (var row in cells)
        {
            Assert.That(int.Parse(row[2]), Is.EqualTo(row[3..7].Sum(int.Parse)), $"{row[0]} {row[1]}: due is on time, late, missed and outstanding together");
            Assert.That(row[7], Is.EqualTo(int.Parse(row[2]) == 0 ? "–" : $"{Math.Round(100.0 * int.Parse(row[3]) / int.Parse(row[2]), 1).ToString(CultureInfo.InvariantCulture)} %"), $"{row[0]} {row[1]}: on time %");
        }
        Assert.That(cells.Where(r => r[0] == "Vital signs").Sum(r => int.Parse(r[4])), Is.GreaterThanOrEqualTo(1), "the vital signs charted late are counted late");
        Assert.That(cells.Where(r => r[0] == "COWS").Sum(r => int.Parse(r[5]) + int.Parse(r[6])), Is.GreaterThanOrEqualTo(2), "the COWS never charted are missed, then outstanding");
        await manager.Context.CloseAsync();
    }

    [Test]
    public async Task Census_figures_open_the_patients_and_alerts_behind_them()
    {
        var admission = await AdmitAsync(4, "Noor Census");
        await ChartVitalsAsync(admission, rr: 7);
        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var manager = await SignInAsync("manager", size);
            await OpenAsync(manager, $"#/ward/{Ward}/census");
            await manager.Locator("#occupancy").WaitForAsync();

            await manager.Locator("section:has(h2:text('Active alerts')) dd[data-count='High'] button").ClickAsync();
            await Assertions.Expect(manager.Locator($"#drill li[data-alert]").Filter(new() { HasText = Beds[4] })).ToContainTextAsync("Respiratory depression", new() { Timeout = 10_000 });
            await manager.Locator("section:has(h2:text('NEWS2 bands')) dd[data-count='Low-medium'] button").ClickAsync();
            await Assertions.Expect(manager.Locator($"#drill li[data-admission='{admission}']")).ToContainTextAsync("Noor Census", new() { Timeout = 10_000 });
            await AssertAccessibleAsync(manager, $"census drill-down at {size.Width}");
            await AssertNoSidewaysScrollAsync(manager);
            await manager.Context.CloseAsync();
        }
    }
}
