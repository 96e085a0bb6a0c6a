using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The patient page at the tablet and phone sizes: charts that fit, fixed clinical ranges, one time axis, live.</summary>
[NonParallelizable]
public sealed class PatientPageTests : BrowserSession
{
    [Test]
    public async Task Charts_fit_their_boxes_share_one_time_axis_use_clinical_ranges_and_update_live()
    {
        var admission = await AdmitAsync(0, "Morgan Trend");
        using (var api = await ApiAsAsync("nurse"))
        {
            // Readings cannot predate the admission: a few sets a moment apart, as a busy hour would give.
            for (var step = 5; step >= 1; step--)
            {
                await SendAsync(api, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddSeconds(-step).ToString("O"), respiratoryRate = 10 + step, spo2 = 95, onOxygen = step < 3, systolicBp = 118, diastolicBp = 74, heartRate = 70 + step, temperatureC = 36.9, consciousness = "A", sedation = step < 2 ? "2" : "1" });
            }
            await ChartCowsAsync(admission, each: 1);
        }

        foreach (var size in new[] { Phone, Tablet })
        {
            var physician = await SignInAsync("physician", size);
            await OpenAsync(physician, $"#/admission/{admission}");
            await physician.Locator(".chart[data-chart='cows'] canvas").WaitForAsync();
            await AssertNoSidewaysScrollAsync(physician);

            // Every plot stays inside its own box and no two boxes overlap.
            var overlaps = await physician.EvaluateAsync<string[]>(@"() => {
                const boxes = [...document.querySelectorAll('.chart')];
                const out = [];
                for (const box of boxes) {
                    const b = box.getBoundingClientRect();
                    for (const c of box.querySelectorAll('canvas')) { const r = c.getBoundingClientRect(); if (r.right > b.right + 1 || r.left < b.left - 1) out.push(box.dataset.chart + ' canvas outside its box'); }
                    for (const other of boxes) { if (other === box) continue; const o = other.getBoundingClientRect();
                        if (b.left < o.right - 1 && o.left < b.right - 1 && b.top < o.bottom - 1 && o.top < b.bottom - 1) out.push(box.dataset.chart + ' overlaps ' + other.dataset.chart); }
                }
                return out; }");
            Assert.That(overlaps, Is.Empty);
            if (size == Phone)
            {
                var columns = await physician.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('.chart')].map(c => Math.round(c.getBoundingClientRect().left))).size");
                Assert.That(columns, Is.EqualTo(1), "one column on a phone");
            }
            var ranges = await physician.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries([...document.querySelectorAll('.chart')].map(c => [c.dataset.chart, `${c.dataset.yMin}..${c.dataset.yMax} x ${c.dataset.xMin}..${c.dataset.xMax}`]))");
            Assert.That(ranges.Keys, Is.SupersetOf(new[] { "rr", "spo2", "hr", "bp", "temp", "news2", "poss", "oxygen", "cows" }));
            Assert.That(ranges["temp"], Does.StartWith("34..41 "), "temperature on its clinical range, not 0-60");
            Assert.That(ranges["rr"], Does.StartWith("0..40 "));
            Assert.That(ranges.Values.Select(r => r.Split(" x ")[1]).Distinct().Count(), Is.EqualTo(1), "one time axis for every chart");
            // The shading is the served NEWS2 table's, not a copy: RR 8 or less scores 3, 9-11 scores 1, 21-24 scores 2, 25 or more 3.
            var bands = await physician.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries([...document.querySelectorAll('.chart')].map(c => [c.dataset.chart, c.dataset.bands]))");
            Assert.That(bands["rr"], Does.StartWith("-0.5..8.5 red, 8.5..11.5 yellow, 20.5..24.5 orange, 24.5.."));
            Assert.That((bands["news2"], bands["poss"]), Is.EqualTo(("4.5..6.5 orange, 6.5..20 red", "2.5..4 red")));
            Assert.That(bands["temp"], Does.Contain("35.05..36.05 yellow"));
            await Assertions.Expect(physician.Locator(".chart[data-chart='poss'] [data-latest]")).ToContainTextAsync("latest 2");
            await Assertions.Expect(physician.Locator(".chart[data-chart='oxygen'] [data-latest]")).ToContainTextAsync("latest O₂");
            Assert.That(await physician.Locator(".chart .u-legend").EvaluateAllAsync<int>("ls => ls.filter(l => l.offsetParent !== null).length"), Is.Zero, "no legend of dashes");
            var header = await physician.Locator("#entries-table tbody tr td").First.InnerTextAsync();
            Assert.That(header, Does.Match(@"^\d\d/\d\d/\d{4}, \d\d:\d\d$"), "day-first, 24-hour times in the ward's zone");
            await AssertAccessibleAsync(physician, $"patient page at {size.Width}");
            await ScreenshotAsync(physician, $"patient-{size.Width}", fullPage: size == Tablet);
            if (size == Tablet)
            {
                var rows = await physician.Locator("#entries-table tbody tr").CountAsync();
                await ChartVitalsAsync(admission, rr: 9, poss: "3");
                await Assertions.Expect(physician.Locator("#entries-table tbody tr")).ToHaveCountAsync(rows + 1, new() { Timeout = 10_000 });
                await Assertions.Expect(physician.Locator(".chart[data-chart='rr'] [data-latest]")).ToContainTextAsync("latest 9");
                await Assertions.Expect(physician.Locator("#alerts-table")).ToContainTextAsync("Respiratory depression");
            }
            await physician.Context.CloseAsync();
        }
    }

    [Test]
    public async Task A_stay_longer_than_one_timeline_page_is_shown_whole()
    {
        var admission = await AdmitAsync(4, "Robin Pages", admittedAgo: TimeSpan.FromHours(2));
        foreach (var minutesAgo in new[] { 50, 40, 30, 20, 10 })
        {
            await ChartVitalsAsync(admission, rr: 14, minutesAgo: minutesAgo);
        }
        var nurse = await SignInAsync("nurse", Tablet);
        // The service's pages are made two entries long, so that the page must follow nextCursor to see the stay.
        var pages = new List<string>();
        await nurse.RouteAsync("**/api/admissions/*/timeline?*", async route =>
        {
            var url = route.Request.Url.Replace("limit=1000", "limit=2", StringComparison.Ordinal);
            pages.Add(url);
            await route.ContinueAsync(new() { Url = url });
        });
        await OpenAsync(nurse, $"#/admission/{admission}");
        await Assertions.Expect(nurse.Locator("#entries-table tbody tr[data-observation]")).ToHaveCountAsync(5, new() { Timeout = 10_000 });
        // The board's trends (since=) may load meanwhile; the patient page reads the whole stay: three pages of two.
        var stay = pages.Where(url => !url.Contains("since=", StringComparison.Ordinal)).ToList();
        Assert.That(stay.Count(url => url.Contains("cursor=", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), string.Join("\n", stay));
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task Entered_in_error_transfer_and_discharge_are_asked_in_the_page_not_in_browser_prompts()
    {
        var admission = await AdmitAsync(2, "Noel Move");
        await ChartVitalsAsync(admission, rr: 15);
        var nurse = await SignInAsync("nurse", Tablet);
        nurse.Dialog += (_, dialog) => Assert.Fail($"browser dialog shown: {dialog.Message}");
        await OpenAsync(nurse, $"#/admission/{admission}");

        await nurse.GetByRole(AriaRole.Button, new() { Name = "Entered in error…" }).First.ClickAsync();
        var dialog = nurse.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark as entered in error" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".error")).ToContainTextAsync("needed");
        await dialog.GetByLabel("Why is it in error?").FillAsync("Charted on the wrong patient");
        await AssertAccessibleAsync(nurse, "entered-in-error dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark as entered in error" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("tr.entered-in-error")).ToContainTextAsync("Charted on the wrong patient");

        await nurse.GetByRole(AriaRole.Button, new() { Name = "Transfer to another bed…" }).ClickAsync();
        var free = await dialog.GetByLabel("Free bed").Locator("option").AllInnerTextsAsync();
        Assert.That(free, Does.Not.Contain(Beds[2]).And.Contain(Beds[9]), "only free beds are offered");
        await dialog.GetByLabel("Free bed").SelectOptionAsync(Beds[9]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#patient-title")).ToContainTextAsync($"bed {Beds[9]}");

        await nurse.GetByRole(AriaRole.Button, new() { Name = "Discharge…" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Discharge Noel Move?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#patient-title")).ToContainTextAsync("Noel Move");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Discharge…" }).ClickAsync();
        await dialog.GetByLabel("Discharge note").FillAsync("Completed detox, follow-up booked");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Discharge", Exact = true }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#beds-title")).ToBeVisibleAsync();
        await nurse.Context.CloseAsync();
    }
}
