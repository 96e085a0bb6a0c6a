using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// On a phone the charting form's preview of the alerts that saving would raise is one line in the sticky summary,
/// "Saving will raise: 2 HIGH, 1 MEDIUM ▸", that opens to the list on request and never covers the field being typed in.
/// </summary>
[NonParallelizable]
public sealed partial class ChartingPreviewTests : BrowserSession
{
    // The focused field, the sticky summary and the preview line, measured in one layout.
    private const string Measure = """
        async () => {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: r.height }; };
          const field = document.activeElement;
          const toggle = document.querySelector('#alert-preview [data-preview-toggle]');
          return {
            field: field?.id ?? '',
            fieldBox: field ? box(field) : null,
            summary: box(document.querySelector('.sticky-summary')),
            preview: box(document.querySelector('#alert-preview')),
            toggle: toggle ? { ...box(toggle), lineHeight: parseFloat(getComputedStyle(toggle).lineHeight) || parseFloat(getComputedStyle(toggle).fontSize) * 1.35, cut: toggle.scrollWidth > toggle.clientWidth, lines: toggle.querySelector('.warn').getClientRects().length } : null,
          };
        }
        """;

    [Test]
    public async Task The_preview_is_one_line_that_opens_to_the_list_and_never_covers_the_focused_field_on_a_phone()
    {
        var admission = await AdmitAsync(0, "Pia Preview");
        await ChartVitalsAsync(admission, rr: 14, poss: "1");
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        await nurse.Locator("#vitals-form").WaitForAsync();

        // RR 7 with POSS 3 and SpO2 91: respiratory depression, low oxygen and more, each HIGH or MEDIUM.
        foreach (var (label, value) in new[] { ("Respiratory rate", "7"), ("SpO2 (%)", "91"), ("Systolic BP", "88"), ("Diastolic BP", "60"), ("Heart rate", "135") })
        {
            await nurse.GetByLabel(label).FillAsync(value);
        }
        await nurse.GetByLabel("Sedation (POSS)").SelectOptionAsync("3");
        var toggle = nurse.Locator("#alert-preview [data-preview-toggle]");
        await Assertions.Expect(toggle).ToHaveTextAsync(OneLine(), new() { Timeout = 10_000 });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(nurse.Locator("#alert-preview li[data-preview='respiratory-depression']")).ToBeHiddenAsync();

        // Every field in turn takes the focus (as tapping or Tab does): none is under the summary, which stays one line.
        var fields = await nurse.Locator("#vitals-form input:not([type=hidden]), #vitals-form select, #vitals-form textarea").EvaluateAllAsync<string[]>("es => es.map((e) => e.id)");
        Assert.That(fields, Has.Length.GreaterThanOrEqualTo(10), "the form's fields");
        var covered = new List<string>();
        foreach (var id in fields)
        {
            await nurse.Locator($"#{id}").FocusAsync();
            var layout = await nurse.EvaluateAsync<JsonElement>(Measure);
            Assert.That(layout.GetProperty("field").GetString(), Is.EqualTo(id));
            var field = layout.GetProperty("fieldBox");
            var summary = layout.GetProperty("summary");
            if (field.GetProperty("top").GetDouble() < summary.GetProperty("bottom").GetDouble() && field.GetProperty("bottom").GetDouble() > summary.GetProperty("top").GetDouble())
            {
                covered.Add($"{id} {field} under the summary {summary}");
            }
            var line = layout.GetProperty("toggle");
            Assert.That(line.ValueKind, Is.EqualTo(JsonValueKind.Object), "the preview line is there");
            Assert.That(line.GetProperty("cut").GetBoolean(), Is.False, $"the preview line is whole with {id} focused");
            Assert.That(line.GetProperty("lines").GetInt32(), Is.EqualTo(1), "\"Saving will raise\" is not broken over lines");
            Assert.That(layout.GetProperty("preview").GetProperty("height").GetDouble(), Is.LessThanOrEqualTo(52), $"the preview is one line (a 44 px target) with {id} focused");
        }
        Assert.That(covered, Is.Empty, "the summary never covers the focused field");

        // Typing a reading that changes the alerts keeps the field clear of the summary.
        var temperature = nurse.GetByLabel("Temperature");
        await temperature.FillAsync("39.4");
        await Assertions.Expect(toggle).ToHaveTextAsync(OneLine());
        var typed = await nurse.EvaluateAsync<JsonElement>(Measure);
        Assert.That(typed.GetProperty("fieldBox").GetProperty("top").GetDouble(), Is.GreaterThanOrEqualTo(typed.GetProperty("summary").GetProperty("bottom").GetDouble()), "the field typed in stays below the summary");

        // The line opens to the list, and closes when a field takes the focus again.
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var detail = nurse.Locator("#alert-preview li[data-preview='respiratory-depression']");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await Assertions.Expect(detail).ToContainTextAsync("Respiratory depression");
        Assert.That(await nurse.Locator("#alert-preview li[data-preview]").CountAsync(), Is.GreaterThanOrEqualTo(2));
        await AssertAccessibleAsync(nurse, "vitals form on a phone with the preview open");
        await AssertTouchTargetsAsync(nurse, "main");
        await ScreenshotAsync(nurse, "charting-preview-open-390");
        await nurse.GetByLabel("Heart rate").FocusAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(detail).ToBeHiddenAsync();
        var refocused = await nurse.EvaluateAsync<JsonElement>(Measure);
        Assert.That(refocused.GetProperty("fieldBox").GetProperty("top").GetDouble(), Is.GreaterThanOrEqualTo(refocused.GetProperty("summary").GetProperty("bottom").GetDouble()), "the field focused after closing the list is below the summary");
        await ScreenshotAsync(nurse, "charting-preview-closed-390");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task A_scale_forms_preview_is_the_same_one_line_on_a_phone()
    {
        var admission = await AdmitAsync(1, "Cole Preview", substance: "opioid");
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}/cows");
        var form = nurse.Locator("form[data-scale='cows']");
        await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
        foreach (var item in await form.Locator("fieldset[data-item]").EvaluateAllAsync<string[]>("fs => fs.map((f) => f.dataset.item)"))
        {
            // The highest score of every item: severe withdrawal.
            await form.Locator($"fieldset[data-item='{item}'] input[type=radio]").Last.CheckAsync();
        }
        var toggle = form.Locator("#alert-preview [data-preview-toggle]");
        await Assertions.Expect(toggle).ToHaveTextAsync(OneLine(), new() { Timeout = 10_000 });
        var layout = await nurse.EvaluateAsync<JsonElement>(Measure);
        Assert.That(layout.GetProperty("preview").GetProperty("height").GetDouble(), Is.LessThanOrEqualTo(52), "one line");
        Assert.That(layout.GetProperty("toggle").GetProperty("cut").GetBoolean(), Is.False, "the line is whole");
        await toggle.ClickAsync();
        await Assertions.Expect(form.Locator("#alert-preview li[data-preview]").First).ToBeVisibleAsync();
        await nurse.Context.CloseAsync();
    }

    [GeneratedRegex(@"^\s*Saving will raise: \d+ (HIGH|MEDIUM|LOW)(, \d+ (MEDIUM|LOW))* ▸\s*$")]
    private static partial Regex OneLine();
}
