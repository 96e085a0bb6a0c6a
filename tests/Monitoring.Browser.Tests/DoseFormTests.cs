using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>A nurse charts a dose from the form, and it shows on the patient page's dose lane and on the board.</summary>
[NonParallelizable]
public sealed class DoseFormTests : BrowserSession
{
    private static readonly LocatorAssertionsToBeVisibleOptions FewSeconds = new() { Timeout = 10_000 };

    [Test]
    public async Task Nurse_charts_naloxone_sees_the_range_the_alert_and_the_watch_and_the_dose_appears_on_patient_page_and_tile()
    {
        var admission = await AdmitAsync(0, "Morgan Example");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/dose");

        await nurse.GetByLabel("Drug").SelectOptionAsync("buprenorphine");
        await nurse.GetByLabel("Dose", new() { Exact = true }).FillAsync("8000");
        await Assertions.Expect(nurse.Locator("#dose-range")).ToContainTextAsync("Plausible single dose: 0.5–32 mg — check mg and mcg");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save dose" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-error-for=dose]")).ToContainTextAsync("outside the plausible single dose");

        await nurse.GetByLabel("Drug").SelectOptionAsync("naloxone");
        await nurse.GetByLabel("Unit").SelectOptionAsync("mcg");
        await nurse.GetByLabel("Dose", new() { Exact = true }).FillAsync("400");
        await nurse.GetByLabel("Route").SelectOptionAsync("IM");
        await Assertions.Expect(nurse.Locator("#dose-range")).ToHaveTextAsync("Plausible single dose: 40–10000 mcg");
        await ScreenshotAsync(nurse, "dose-form");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save dose" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Opioid toxicity treated", new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Vitals with POSS (re-sedation watch) due");

        await OpenAsync(nurse, $"#/admission/{admission}");
        await Assertions.Expect(nurse.Locator("table.doses")).ToContainTextAsync("naloxone 400 mcg IM", new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator("#dose-lane canvas").First).ToBeVisibleAsync(FewSeconds);
        await Assertions.Expect(nurse.Locator("ul.checks-due")).ToContainTextAsync("re-sedation watch");
        await ScreenshotAsync(nurse, "dose-lane");

        await OpenAsync(nurse, $"#/ward/{Ward}");
        await Assertions.Expect(nurse.Locator($"article[data-bed='{Beds[0]}'] .last-dose")).ToContainTextAsync("Last dose naloxone 400 mcg IM", new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator($"article[data-bed='{Beds[0]}'] .dose-check")).ToContainTextAsync("Check: re-sedation watch after naloxone 400 mcg IM");
        await nurse.Context.CloseAsync();
    }
}
