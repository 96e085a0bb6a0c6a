using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>What the screens say: words, not codes or API phrases; times in the ward's zone, whatever the device's.</summary>
[NonParallelizable]
public sealed class WordingTests : BrowserSession
{
    [Test]
    public async Task Alerts_are_named_in_words_with_times_of_the_ward_not_of_the_device()
    {
        var admission = await AdmitAsync(0, "Uma Words");
        await ChartVitalsAsync(admission, rr: 6, poss: "4");
        using var api = await ApiAsAsync("nurse");
        var alerts = (await api.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward}/alerts?status=active"))!;
        var raised = DateTimeOffset.Parse((string)alerts.First(a => (string)a!["code"]! == "respiratory-depression")!["raisedAt"]!, CultureInfo.InvariantCulture);
        var london = TimeZoneInfo.ConvertTime(raised, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

        // The browser context runs in New York with US English: the board must still speak the ward's time.
        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var alert = nurse.Locator("li.alert[data-code='respiratory-depression']");
        await Assertions.Expect(alert).ToContainTextAsync("Respiratory depression");
        await Assertions.Expect(alert.Locator(".raised")).ToContainTextAsync($"Raised {london:HH:mm}");
        var text = await nurse.Locator("main").InnerTextAsync();
        Assert.That(text, Does.Not.Contain("respiratory-depression").And.Not.Contain("news2-single-parameter").And.Not.Contain("oversedation"));
        Assert.That(text, Does.Not.Match(@"\b(AM|PM)\b"));
        await OpenAsync(nurse, $"#/ward/{Ward}/census");
        await Assertions.Expect(nurse.Locator("main h1")).ToContainTextAsync("as of");
        Assert.That(await nurse.Locator("main h1").InnerTextAsync(), Does.Match(@"as of \d\d:\d\d$"), "census time in the ward's 24-hour clock");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task A_refused_save_says_what_to_do_in_plain_words()
    {
        var admission = await AdmitAsync(1, "Vic Words");
        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        await nurse.GetByLabel("Heart rate").FillAsync("400");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        var general = nurse.Locator("[data-error-for=form]");
        await Assertions.Expect(general).ToHaveTextAsync("Not saved: check the fields marked below. Nothing was stored.");
        await Assertions.Expect(nurse.Locator("[data-error-for=heartRate]")).Not.ToBeEmptyAsync();
        Assert.That(await nurse.Locator("main").InnerTextAsync(), Does.Not.Contain("listed in errors"));
        await nurse.Context.CloseAsync();
    }
}
