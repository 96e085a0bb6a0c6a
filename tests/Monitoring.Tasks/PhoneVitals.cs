using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.Browser.Tests;

namespace Monitoring.Tasks;

/// <summary>
/// Task 1, a nurse's phone (390×844): from the ward board to the bed the board shows last, a full set of vital
/// signs (alarming ones, so the summary shows what saving will raise), saved, and back at that bed. The bed is
/// reached by swiping down the board, or, the other way, by the bed search (the patient's first name).
/// </summary>
internal static class PhoneVitals
{
    public static readonly (int Width, int Height) Phone = (390, 844);

    // Each frame while armed: does the sticky summary overlap the focused field? The worst overlap is kept.
    private const string CoverMeter = """
        () => {
          const meter = window.__coverMeter = { armed: false, covered: false, worst: 0, field: '', frames: 0, summaryTallest: 0 };
          const frame = () => {
            const field = document.activeElement;
            const summary = document.querySelector('.sticky-summary');
            if (meter.armed && summary && field?.matches?.('#vitals-form input, #vitals-form select, #vitals-form textarea')) {
              const s = summary.getBoundingClientRect();
              const f = field.getBoundingClientRect();
              meter.frames += 1;
              meter.summaryTallest = Math.max(meter.summaryTallest, s.height);
              const overlap = Math.min(f.bottom, s.bottom) - Math.max(f.top, s.top);
              if (overlap > 0 && f.height > 0) {
                meter.covered = true;
                if (overlap > meter.worst) { meter.worst = Math.round(overlap); meter.field = field.id; }
              }
            }
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }
        """;

    // A respiratory rate of 8 with POSS 3, low SpO2, fast pulse, low pressure and a fever: the preview has much to say.
    private static readonly (string Field, string Value)[] Readings = [("respiratoryRate", "8"), ("spo2", "92"), ("systolicBp", "98"), ("diastolicBp", "60"), ("heartRate", "118"), ("temperatureC", "38.4")];
    private static readonly (string Field, string Value)[] Choices = [("onOxygen", "false"), ("consciousness", "A"), ("sedation", "3")];

    public static async Task<TaskResult> RunAsync(IBrowser browser, Uri service, Scenario scenario, bool bySearch)
    {
        var page = await Chromium.SignInAsync(browser, service, scenario.User("nurse"), Scenario.Password, Phone);
        try
        {
            await page.EvaluateAsync(CoverMeter);
            var user = new ScriptedUser(page) { BeforeSwipe = () => page.EvaluateAsync("() => { window.__coverMeter.armed = false; }") };
            await user.StartMeteringAsync();
            var seen = new Dictionary<string, object>();
            var problems = new List<string>();
            var target = scenario.StableBed;
            var tile = page.Locator($"#tiles article[data-bed='{target}']");

            var clock = Stopwatch.StartNew();
            await Chromium.OpenAsync(page, $"#/ward/{scenario.Ward}");
            await tile.WaitForAsync();
            await Chromium.PollAsync(() => page.Locator("#tiles li.alert").CountAsync(), n => n > 0);
            seen["boardOrder"] = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('#tiles article.tile')].map((t) => t.dataset.bed.slice(-2)).join(' ')");
            seen["bedPosition"] = await page.EvaluateAsync<int>("bed => [...document.querySelectorAll('#tiles article.tile')].findIndex((t) => t.dataset.bed === bed) + 1", target);
            seen["bedPxDown"] = await page.EvaluateAsync<int>("bed => Math.round(document.querySelector(`#tiles article[data-bed='${bed}']`).getBoundingClientRect().top + scrollY)", target);
            seen["newestDepressionPxDown"] = await page.EvaluateAsync<int>(
                "bed => { const e = document.querySelector(`article[data-bed='${bed}'] li.alert[data-code='respiratory-depression'], #alert-list li.alert[data-bed='${bed}'][data-code='respiratory-depression']`); return e ? Math.round(e.getBoundingClientRect().top + scrollY) : -1; }",
                scenario.NewestDepressionBed);

            if (bySearch)
            {
                await user.TapAsync(page.GetByRole(AriaRole.Searchbox, new() { Name = "Find bed" }));
                await user.TypeAsync(Scenario.StablePatientFirstName);
                await Chromium.PollAsync(() => page.Locator("#tiles article.tile").CountAsync(), n => n == 1);
            }
            await user.TapAsync(tile.GetByRole(AriaRole.Link, new() { Name = $"Chart vitals, bed {target}" }));
            var form = page.Locator("#vitals-form");
            await form.WaitForAsync();
            var swipesToBed = user.Swipes;
            seen["formOpensScrolledPx"] = await page.EvaluateAsync<int>("() => Math.round(scrollY)");
            foreach (var (field, value) in Readings)
            {
                if (!await user.TapFieldAsync(form.Locator($"#{field}")))
                {
                    problems.Add($"three taps on {field} did not give it the focus");
                }
                await ArmAsync(page);
                await user.TypeAsync(value);
            }
            foreach (var (field, value) in Choices)
            {
                if (!await user.ChooseAsync(form.Locator($"#{field}"), value))
                {
                    problems.Add($"three taps on {field} did not give it the focus");
                }
                await ArmAsync(page);
            }
            // The nurse reads what saving will raise before saving.
            var preview = form.Locator("#alert-preview [data-preview-toggle]");
            await Assertions.Expect(preview).ToContainTextAsync("Saving will raise");
            // Read once the service's last preview has come back: the same words twice, 150 ms apart.
            var previewText = "";
            await Chromium.PollAsync(async () => { var before = previewText; await Task.Delay(150); previewText = string.Join(' ', (await preview.InnerTextAsync()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)); return before == previewText; }, same => same);
            seen["preview"] = previewText;
            await page.EvaluateAsync("() => { window.__coverMeter.armed = false; }");
            await user.TapAsync(form.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }));
            await Assertions.Expect(form.Locator("#result")).ToContainTextAsync("Saved");
            await user.TapAsync(form.GetByRole(AriaRole.Link, new() { Name = "Back to board" }));
            var back = await Chromium.PollAsync(
                () => page.EvaluateAsync<bool>("bed => { const t = document.querySelector(`#tiles article[data-bed='${bed}']`); if (!t) return false; const r = t.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0 && document.activeElement?.closest('article.tile') === t; }", target),
                b => b);
            clock.Stop();

            var cover = await page.EvaluateAsync<JsonElement>("() => window.__coverMeter");
            seen["swipesToBed"] = swipesToBed;
            seen["missedTaps"] = user.MissedTaps.Count == 0 ? "none" : string.Join(" ", user.MissedTaps);
            seen["backAtBed"] = back;
            seen["fieldEverCovered"] = cover.GetProperty("covered").GetBoolean();
            seen["worstCoverPx"] = cover.GetProperty("worst").GetInt32();
            seen["tallestSummaryPx"] = (int)Math.Round(cover.GetProperty("summaryTallest").GetDouble());
            if (!back)
            {
                problems.Add("the board did not come back at the bed charted, with the focus on it");
            }
            if (cover.GetProperty("covered").GetBoolean())
            {
                problems.Add($"the summary covered the focused field {cover.GetProperty("field").GetString()} by {cover.GetProperty("worst").GetInt32()} px");
            }
            return await TaskResult.OfAsync(bySearch ? "full vitals, bed found by search" : "full vitals, bed below the alerts", "phone 390×844", clock.Elapsed, user, seen, problems);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    // The meter watches from the moment a field has the focus until the page is next swiped.
    private static Task ArmAsync(IPage page) => page.EvaluateAsync("() => { window.__coverMeter.armed = true; }");
}
