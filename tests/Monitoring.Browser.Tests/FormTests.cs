using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The charting forms at the bedside: live scores from the service, alerts warned before save, layout that fits a tablet and a phone.</summary>
[NonParallelizable]
public sealed class FormTests : BrowserSession
{
    [Test]
    public async Task Rr_7_with_poss_3_warns_of_the_high_alert_before_save_and_shows_the_previous_values()
    {
        var admission = await AdmitAsync(0, "Owen Form");
        await ChartVitalsAsync(admission, rr: 14, poss: "1");
        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        await Assertions.Expect(nurse.Locator("[data-previous-for=respiratoryRate]")).ToContainTextAsync("previous 14 at");
        await nurse.GetByLabel("Respiratory rate").FillAsync("7");
        await nurse.GetByLabel("Sedation (POSS)").SelectOptionAsync("3");
        await Assertions.Expect(nurse.Locator("#poss-flag")).ToContainTextAsync("POSS 3 is unacceptable");
        var warning = nurse.Locator("#alert-preview [data-preview='respiratory-depression']");
        await Assertions.Expect(warning).ToContainTextAsync("HIGH");
        await Assertions.Expect(warning).ToContainTextAsync("Respiratory depression");
        await Assertions.Expect(nurse.Locator("[data-score-for=respiratoryRate]")).ToHaveTextAsync("scores 3");
        await Assertions.Expect(nurse.Locator("#news2-summary")).ToContainTextAsync("NEWS2 not computed");

        // The summary stays in sight while the nurse scrolls down to Save.
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(nurse.Locator("#alert-preview")).ToBeInViewportAsync();
        await AssertAccessibleAsync(nurse, "vitals form");
        await ScreenshotAsync(nurse, "charting-form-1024");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Respiratory depression");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task A_value_the_service_refuses_is_not_scored()
    {
        var admission = await AdmitAsync(1, "Piper Range");
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        foreach (var (label, value) in new[] { ("Respiratory rate", "16"), ("SpO2 (%)", "97"), ("Diastolic BP", "80"), ("Heart rate", "70"), ("Temperature", "36.8") })
        {
            await nurse.GetByLabel(label).FillAsync(value);
        }
        await nurse.GetByLabel("Air or oxygen").SelectOptionAsync("false");
        await nurse.GetByLabel("Consciousness (ACVPU)").SelectOptionAsync("A");
        await nurse.GetByLabel("Systolic BP").FillAsync("400");
        await Assertions.Expect(nurse.Locator("#news2-summary")).ToContainTextAsync("Not scored: Systolic BP out of range");
        await Assertions.Expect(nurse.Locator("[data-error-for=systolicBp]")).ToContainTextAsync("between 40 and 300");
        await Assertions.Expect(nurse.Locator("[data-score-for=systolicBp]")).ToHaveTextAsync("");
        Assert.That(await nurse.Locator("#news2-summary").InnerTextAsync(), Does.Not.Contain("NEWS2 1"));
        await nurse.GetByLabel("Systolic BP").FillAsync("120");
        await Assertions.Expect(nurse.Locator("#news2-summary")).ToContainTextAsync("NEWS2 0");
        await AssertNoSidewaysScrollAsync(nurse);
        await ScreenshotAsync(nurse, "charting-form-390");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_cows_total_stays_in_sight_at_the_bottom_of_the_form()
    {
        var admission = await AdmitAsync(2, "Remy Cows");
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}/cows");
        Assert.That(await nurse.GetByLabel("Resting pulse").EvaluateAsync<string>("input => input.labels[0].innerText"), Does.Not.Contain("restingPulseRate"), "the label names the item as the scale does, not by its field");
        await nurse.GetByLabel("Resting pulse").FillAsync("105");
        var gooseflesh = nurse.Locator("input[name=goosefleshSkin][value='3']");
        await gooseflesh.ScrollIntoViewIfNeededAsync();
        await gooseflesh.CheckAsync();
        await Assertions.Expect(nurse.Locator("#assessment-summary")).ToContainTextAsync("COWS 5 so far");
        await Assertions.Expect(nurse.Locator("#assessment-summary")).ToBeInViewportAsync();
        await AssertNoSidewaysScrollAsync(nurse);
        var radios = await nurse.Locator("label.choice").EvaluateAllAsync<double[]>("ls => ls.map(l => l.getBoundingClientRect().height)");
        Assert.That(radios.Min(), Is.GreaterThanOrEqualTo(44), "each choice is a finger-sized target");
        await AssertAccessibleAsync(nurse, "COWS form");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_admit_form_fits_and_every_target_is_finger_sized()
    {
        foreach (var size in new[] { Tablet, Phone })
        {
            var nurse = await SignInAsync("nurse", size);
            await OpenAsync(nurse, $"#/ward/{Ward}/admit/{Beds[11]}");
            await nurse.GetByLabel("MRN").WaitForAsync();
            var scale = (await nurse.GetByLabel("SpO2 scale").BoundingBoxAsync())!;
            // The scales' words are served: scale 2's target read from its NEWS2 scoring.
            Assert.That(await nurse.Locator("#spo2Scale option").AllInnerTextsAsync(),
                Is.EqualTo(new[] { "1 (usual)", "2 (hypercapnic respiratory failure, target 88–92 %)" }));
            var pregnant = (await nurse.Locator("label.check:has(input[name=pregnant])").BoundingBoxAsync())!;
            var overlap = scale.X < pregnant.X + pregnant.Width && pregnant.X < scale.X + scale.Width && scale.Y < pregnant.Y + pregnant.Height && pregnant.Y < scale.Y + scale.Height;
            Assert.That(overlap, Is.False, "the SpO2 scale select does not overlap the Pregnant checkbox");
            await AssertNoSidewaysScrollAsync(nurse);
            await AssertTouchTargetsAsync(nurse, "main");
            await AssertAccessibleAsync(nurse, $"admit form at {size.Width}");
            await nurse.Context.CloseAsync();
        }
    }
}
