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
