using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// The wall at every screen a ward hangs: ten beds with alarming readings, and at each size every figure whole in its
/// tile (never "1." for 10), the due lines, the re-sedation watch and the top reason inside the tile, "+N more" where a
/// bed has more alerts, and the key figures large enough to read from 3 m on a 55" screen.
/// </summary>
[NonParallelizable]
public sealed class WallFitTests : BrowserSession
{
    private static readonly (int Width, int Height)[] WallSizes = [(1280, 720), (1366, 768), (1600, 900), (1920, 1080), (3840, 2160)];

    // Everything the test reads from one layout of the wall, in one pass so that a redraw cannot fall between reads.
    private const string Measure = """
        () => {
          const rect = (e) => e.getBoundingClientRect();
          const drawn = (e) => e.getClientRects().length > 0 && rect(e).width > 0 && rect(e).height > 0;
          const inside = (e, box) => { const r = rect(e), b = rect(box); return drawn(e) && r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5; };
          const cut = (e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight;
          const name = (e) => `${e.closest('article.tile')?.dataset.bed ?? ''} ${e.tagName.toLowerCase()}${[...e.attributes].filter((a) => a.name.startsWith('data-')).map((a) => `[${a.name}]`).join('')} "${e.textContent.trim().replace(/\s+/g, ' ').slice(0, 48)}"`;
          const problems = [];
          const check = (what, elements, { whole = true } = {}) => {
            for (const e of elements) {
              const tile = e.closest('article.tile');
              if (!drawn(e)) problems.push(`${what} not shown: ${name(e)}`);
              else if (!inside(e, tile)) problems.push(`${what} outside its tile: ${name(e)}`);
              else if (whole && cut(e)) problems.push(`${what} cut (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}): ${name(e)}`);
            }
            return elements.length;
          };
          const tiles = [...document.querySelectorAll('#tiles article.tile')];
          const occupied = tiles.filter((t) => t.dataset.admission);
          const all = (selector) => occupied.flatMap((t) => [...t.querySelectorAll(selector)]);
          const figures = all('.figures dd[data-news2], .figures dd[data-rr], .figures dd[data-spo2], .figures dd[data-poss], .figures dd[data-score]');
          const counts = {
            tiles: tiles.length,
            occupied: occupied.length,
            figures: check('figure', figures),
            labels: check('figure label', all('.figures dt')),
            due: check('due line', all('.due')),
            watches: check('watch', all('[data-watch]')),
            topAlerts: check('top alert', all('[data-top-alert]')),
            more: check('+N more', all('[data-more]')),
          };
          for (const t of tiles) {
            if (cut(t)) problems.push(`tile ${t.dataset.bed} content cut (${t.scrollWidth}x${t.scrollHeight} in ${t.clientWidth}x${t.clientHeight})`);
            const r = rect(t);
            if (r.bottom > innerHeight || r.right > innerWidth) problems.push(`tile ${t.dataset.bed} off the screen`);
          }
          // The alert column: the alerts that fit, whole, and "+N more" counting the rest.
          const column = document.querySelector('section.alerts');
          const listed = [...document.querySelectorAll('#alert-list li.alert')];
          const shownAlerts = listed.filter(drawn);
          for (const li of shownAlerts) if (!inside(li, column)) problems.push(`alert cut at the foot of the alert column: ${li.dataset.bed} ${li.dataset.code}`);
          const moreAlerts = document.querySelector('[data-more-alerts]');
          const left = listed.length - shownAlerts.length;
          if (left > 0 && !(moreAlerts && inside(moreAlerts, column) && moreAlerts.textContent.trim() === `+${left} more`)) problems.push(`${left} alerts not shown and not counted: "${moreAlerts?.textContent ?? ''}"`);
          counts.alerts = shownAlerts.length;
          if (document.documentElement.scrollHeight > innerHeight) problems.push(`the page scrolls (${document.documentElement.scrollHeight} > ${innerHeight}) ${[...document.querySelectorAll('body *')].filter((e) => rect(e).bottom > innerHeight + 1).slice(0, 4).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(rect(e).bottom)}`).join(', ')}`);
          const sizes = figures.map((d) => parseFloat(getComputedStyle(d).fontSize));
          const mores = all('[data-more]').map((m) => m.textContent.trim());
          return { width: innerWidth, height: innerHeight, counts, problems, smallestFigurePx: Math.min(...sizes), mores };
        }
        """;

    [Test]
    public async Task Every_figure_due_line_watch_and_top_reason_fits_its_tile_at_every_wall_size()
    {
        var names = new[] { "Ari", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo" };
        var admissions = new List<string>();
        for (var bed = 0; bed < names.Length; bed++)
        {
            admissions.Add(await AdmitAsync(bed, $"{names[bed]} Wallfit", TimeSpan.FromHours(6)));
        }
        // NEWS2 15 with RR 6, SpO2 91, POSS 4: the widest figures and several alerts at once.
        await ChartVitalsAsync(admissions[0], rr: 6, poss: "4", spo2: 91, consciousness: "V", hr: 135, sbp: 88);
        // NEWS2 10 or more with two-digit RR and SpO2 91.
        await ChartVitalsAsync(admissions[1], rr: 25, poss: "3", spo2: 91, hr: 131, sbp: 100);
        await ChartVitalsAsync(admissions[2], rr: 15, poss: "2", spo2: 91, hr: 131, sbp: 88, consciousness: "C");
        // Naloxone given after RR 8 and POSS 3: the re-sedation watch's vitals come before the NEWS2 schedule's.
        await ChartVitalsAsync(admissions[3], rr: 8, poss: "3", spo2: 95, minutesAgo: 10);
        using (var nurse = await ApiAsAsync("nurse"))
        {
            await SendAsync(nurse, $"/api/admissions/{admissions[3]}/doses", new { drug = "naloxone", dose = 400, unit = "mcg", route = "IM", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"), reason = "RR 8, POSS 3" });
        }
        // Severe withdrawal beside alarming vitals.
        await ChartCowsAsync(admissions[4], each: 4);
        await ChartVitalsAsync(admissions[4], rr: 24, spo2: 93, hr: 120, sbp: 100);
        await ChartCowsAsync(admissions[5], each: 2);
        await ChartVitalsAsync(admissions[5], rr: 15, spo2: 91, poss: "2");
        // Rounds long past due: overdue lines on the tile.
        for (var bed = 6; bed < names.Length; bed++)
        {
            await ChartCowsAsync(admissions[bed], each: 2, minutesAgo: 280);
            await ChartVitalsAsync(admissions[bed], rr: 15 + bed, spo2: 91 + bed % 3, poss: "2", minutesAgo: 300);
        }

        var page = await SignInAsync("nurse", Wall, "?wall");
        await OpenAsync(page, $"#/ward/{Ward}");
        await Assertions.Expect(page.Locator($"article.tile[data-bed='{Beds[0]}'] [data-top-alert]")).ToContainTextAsync("High:", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator($"article.tile[data-bed='{Beds[4]}'] dd[data-cows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Assertions.Expect(page.Locator($"article.tile[data-bed='{Beds[3]}'] [data-watch]")).ToContainTextAsync("Re-sedation watch until");

        var failures = new List<string>();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (width, height) in WallSizes)
            {
                await page.SetViewportSizeAsync(width, height);
                var wall = await SettledAsync(page, width, height);
                var counts = wall.GetProperty("counts");
                int Count(string what) => counts.GetProperty(what).GetInt32();
                var at = $"{width}x{height}";
                await ScreenshotAsync(page, $"wall-fit-{width}");
                Assert.That(Count("tiles"), Is.EqualTo(Beds.Length), $"every bed on the wall at {at}");
                Assert.That(Count("occupied"), Is.EqualTo(names.Length), $"every patient at {at}");
                // NEWS2, RR, SpO2 and POSS on every tile, and a withdrawal score on each bed assessed on one.
                Assert.That(Count("figures"), Is.GreaterThanOrEqualTo(names.Length * 5), $"figures measured at {at}");
                Assert.That(Count("labels"), Is.GreaterThanOrEqualTo(names.Length * 5), $"figure labels measured at {at}");
                Assert.That(Count("due"), Is.GreaterThanOrEqualTo(names.Length), $"due lines measured at {at}");
                Assert.That(Count("watches"), Is.GreaterThan(0), $"the re-sedation watch is on its tile at {at}");
                Assert.That(Count("topAlerts"), Is.GreaterThanOrEqualTo(6), $"top alerts measured at {at}");
                Assert.That(Count("alerts"), Is.GreaterThan(0), $"alerts in the alert column at {at}");
                Assert.That(Count("more"), Is.GreaterThan(0), $"\"+N more\" where a bed has more alerts than its tile shows at {at}");
                Assert.That(wall.GetProperty("mores").EnumerateArray().Select(m => m.GetString()), Is.All.Match(@"^\+\d+ more$"), $"at {at}");
                var problems = wall.GetProperty("problems").EnumerateArray().Select(p => $"{at}: {p.GetString()}").ToList();
                problems.ForEach(TestContext.Progress.WriteLine);
                failures.AddRange(problems);
                if (height is 1080 or 2160)
                {
                    // A 55" 16:9 screen is 684.8 mm tall; DejaVu Sans Bold's capitals and digits are 0.729 em tall.
                    var px = wall.GetProperty("smallestFigurePx").GetDouble();
                    var capMillimetres = px * 0.729 * 684.8 / height;
                    var arcMinutes = Math.Atan(capMillimetres / 3000) * 180 / Math.PI * 60;
                    TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{at}: smallest key figure {px:0.#} px, {arcMinutes:0.#}' of arc at 3 m on a 55\" screen"));
                    Assert.That(arcMinutes, Is.GreaterThanOrEqualTo(20), $"key figures subtend at least 20' at 3 m on a 55\" screen at {at}");
                }
            }
        }
        Assert.That(failures, Is.Empty, "nothing on the wall is cut or pushed out of its tile");
        await AssertAccessibleAsync(page, "wall at 3840x2160");
        await page.Context.CloseAsync();
    }

    // The wall redraws its tiles on resize: measure once the new size is applied and two frames give the same result.
    private static async Task<JsonElement> SettledAsync(IPage page, int width, int height)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? previous = null;
        while (true)
        {
            var wall = await page.EvaluateAsync<JsonElement>($"async () => {{ await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); return ({Measure})(); }}");
            var text = wall.GetRawText();
            if (wall.GetProperty("width").GetInt32() == width && wall.GetProperty("height").GetInt32() == height && text == previous)
            {
                return wall;
            }
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the wall did not settle at {width}x{height}");
            previous = text;
        }
    }
}
