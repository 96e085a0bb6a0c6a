using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The ward's wall screen (?wall): read-only, every bed on one screen, readable from 3 metres.</summary>
[NonParallelizable]
public sealed class WallTests : BrowserSession
{
    [Test]
    public async Task Every_bed_fits_the_wall_screen_with_large_figures_a_clock_and_a_heartbeat()
    {
        var names = new[] { "Ari", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo", "Kit" };
        var admissions = new List<string>();
        for (var bed = 0; bed < names.Length; bed++)
        {
            admissions.Add(await AdmitAsync(bed, $"{names[bed]} Wallace"));
        }
        await ChartVitalsAsync(admissions[4], rr: 6, poss: "4", spo2: 90);
        await ChartVitalsAsync(admissions[8], rr: 22, hr: 115, sbp: 98);
        await ChartCowsAsync(admissions[2], each: 4);
        for (var bed = 0; bed < names.Length; bed += 3)
        {
            await ChartVitalsAsync(admissions[bed], rr: 16);
        }

        var page = await SignInAsync("nurse", Wall, "?wall");
        await OpenAsync(page, $"#/ward/{Ward}");
        await Assertions.Expect(page.Locator($"article.tile[data-bed='{Beds[4]}'] [data-top-alert]")).ToContainTextAsync("Respiratory depression", new() { Timeout = 10_000 });
        await page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))");

        Assert.That(await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"), Is.LessThanOrEqualTo(1080), "the wall page does not scroll");
        var offscreen = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('article.tile')].filter(t => { const r = t.getBoundingClientRect(); return r.bottom > innerHeight || r.right > innerWidth; }).map(t => t.dataset.bed)");
        Assert.That(offscreen, Is.Empty, "every bed is on the screen");
        Assert.That(await page.Locator("article.tile").CountAsync(), Is.EqualTo(12));
        var smallest = await page.EvaluateAsync<double>("() => Math.min(...[...document.querySelectorAll('.figures dd[data-news2], .figures dd[data-rr], .figures dd[data-spo2], .figures dd[data-poss], .figures dd[data-cows]')].map(d => parseFloat(getComputedStyle(d).fontSize)))");
        Assert.That(smallest, Is.GreaterThanOrEqualTo(48), "key figures are at least 48 px");
        Assert.That(await page.Locator("main input, main select, main textarea, main button, main a[href]").CountAsync(), Is.Zero, "the wall is read-only");
        Assert.That(await page.Locator("header.top select, #sign-out").EvaluateAllAsync<int>("es => es.filter(e => e.getBoundingClientRect().width > 0).length"), Is.Zero);

        var clock = page.Locator("#wall-clock");
        var first = await clock.InnerTextAsync();
        Assert.That(first, Does.Match(@"^\d\d:\d\d:\d\d$"));
        await Assertions.Expect(clock).Not.ToHaveTextAsync(first, new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#heartbeat")).ToContainTextAsync("Live");

        var lines = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('#alert-list li.alert')].map(li => li.getBoundingClientRect().height / parseFloat(getComputedStyle(li).lineHeight || '24'))");
        Assert.That(lines, Is.Not.Empty);
        var heights = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('#alert-list li.alert')].map(li => li.getBoundingClientRect().height)");
        Assert.That(heights.Max(), Is.LessThan(60), "one line per alert");
        await AssertAccessibleAsync(page, "wall mode");
        await ScreenshotAsync(page, "wall-1920");
        await page.Context.CloseAsync();
    }
}
