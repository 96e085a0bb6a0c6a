using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.Browser.Tests;

namespace Monitoring.Tasks;

/// <summary>
/// Task 3, the wall at 1366×768: is the sickest bed (respiratory depression with the highest NEWS2) there
/// without scrolling, its tile wholly on screen and its top reason whole? Nobody touches a wall: no actions.
/// </summary>
internal static class WallSickest
{
    public static readonly (int Width, int Height) Wall = (1366, 768);

    private const string Measure = """
        (bed) => {
          const tiles = [...document.querySelectorAll('#tiles article.tile')];
          const tile = tiles.find((t) => t.dataset.bed === bed);
          const r = tile.getBoundingClientRect();
          const reason = tile.querySelector('[data-top-alert]');
          const q = reason?.getBoundingClientRect();
          const figure = tile.querySelector('dd[data-news2]');
          const cut = (e) => !!e && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
          const columns = new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().left))).size;
          const position = tiles.indexOf(tile);
          return {
            position: position + 1,
            row: Math.floor(position / columns) + 1,
            column: (position % columns) + 1,
            columns,
            tiles: tiles.length,
            tileInViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
            reason: reason?.textContent.trim() ?? '',
            reasonVisible: !!q && q.height > 0 && q.top >= r.top && q.bottom <= r.bottom && q.bottom <= innerHeight && getComputedStyle(reason).visibility !== 'hidden',
            reasonCut: cut(reason),
            news2: figure?.textContent.trim() ?? '',
            news2Cut: cut(figure),
            pageScrollsPx: Math.max(0, document.documentElement.scrollHeight - innerHeight),
          };
        }
        """;

    public static async Task<TaskResult> RunAsync(IBrowser browser, Uri service, Scenario scenario)
    {
        var page = await Chromium.SignInAsync(browser, service, scenario.User("nurse"), Scenario.Password, Wall, "?wall");
        try
        {
            var problems = new List<string>();
            var reason = page.Locator($"#tiles article[data-bed='{scenario.SickestBed}'] [data-top-alert]");
            await Chromium.OpenAsync(page, $"#/ward/{scenario.Ward}");
            await Assertions.Expect(reason).ToContainTextAsync("Respiratory depression");
            // Timed from the wall page's load (as when the screen is switched on) to the sickest bed named on its tile.
            var clock = Stopwatch.StartNew();
            await page.ReloadAsync();
            await Assertions.Expect(reason).ToContainTextAsync("Respiratory depression");
            clock.Stop();
            // Measured once the fonts are in and the wall has laid its tiles out.
            await page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))");
            var m = await page.EvaluateAsync<JsonElement>(Measure, scenario.SickestBed);
            var seen = new Dictionary<string, object>
            {
                ["position"] = m.GetProperty("position").GetInt32(),
                ["rowColumn"] = $"row {m.GetProperty("row").GetInt32()}, column {m.GetProperty("column").GetInt32()} of {m.GetProperty("columns").GetInt32()}",
                ["tiles"] = m.GetProperty("tiles").GetInt32(),
                ["tileInViewport"] = m.GetProperty("tileInViewport").GetBoolean(),
                ["topReason"] = m.GetProperty("reason").GetString()!,
                ["topReasonVisible"] = m.GetProperty("reasonVisible").GetBoolean(),
                ["topReasonCut"] = m.GetProperty("reasonCut").GetBoolean(),
                ["news2"] = m.GetProperty("news2").GetString()!,
                ["news2Cut"] = m.GetProperty("news2Cut").GetBoolean(),
                ["pageScrollsPx"] = m.GetProperty("pageScrollsPx").GetInt32(),
            };
            if (!(bool)seen["tileInViewport"] || !(bool)seen["topReasonVisible"] || (bool)seen["topReasonCut"] || (bool)seen["news2Cut"])
            {
                problems.Add("the sickest bed is not wholly readable without scrolling");
            }
            if ((int)seen["position"] != 1)
            {
                problems.Add($"the sickest bed is tile {seen["position"]}, not the first");
            }
            return new TaskResult("which bed is sickest", "wall 1366×768", clock.Elapsed.TotalSeconds, 0, 0, 0, 0, 0, seen) { Problems = problems };
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
