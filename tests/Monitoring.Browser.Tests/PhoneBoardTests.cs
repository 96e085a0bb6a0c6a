using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The board on a phone (390 px): beds first, each with its alert row, a bed search, "my beds", and back to the bed after charting.</summary>
[NonParallelizable]
public sealed class PhoneBoardTests : BrowserSession
{
    private const string ShownBeds = "() => [...document.querySelectorAll('#tiles article.tile')].map(t => t.dataset.bed).sort().join(' ')";

    [Test]
    public async Task Beds_come_first_and_a_patients_alert_row_is_inside_its_tile()
    {
        var admission = await AdmitAsync(0, "Pia Phone");
        await AdmitAsync(1, "Quin Quiet");
        await ChartVitalsAsync(admission, rr: 6, poss: "3");
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/ward/{Ward}");

        var row = nurse.Locator($"#tiles article[data-bed='{Beds[0]}'] li.patient");
        await Assertions.Expect(row).ToBeVisibleAsync(FewSeconds);
        await Assertions.Expect(row.Locator("li.alert[data-code='respiratory-depression']")).ToBeVisibleAsync();
        Assert.That(await nurse.Locator($"#alert-list li.patient[data-bed='{Beds[0]}']").CountAsync(), Is.EqualTo(0), "the row is in the tile, not in a list above the beds");
        var beds = await nurse.Locator("section.beds").BoundingBoxAsync();
        var alerts = await nurse.Locator("section.alerts").BoundingBoxAsync();
        Assert.That(beds!.Y, Is.LessThan(alerts!.Y), "the beds come before the alert section");
        Assert.That(beds.Y, Is.LessThan(Phone.Height / 2), "the beds start on the first screen");

        // Folded to a line a reason, so that the beds below stay a few swipes away; one tap opens the buttons.
        var toggle = row.Locator("button[data-action=toggle-row]");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(row.Locator("li.alert .actions").First).ToBeHiddenAsync();
        var folded = (await row.BoundingBoxAsync())!.Height;
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.That((await row.BoundingBoxAsync())!.Height, Is.GreaterThan(folded * 2), "opened, the row shows each alert's notes and buttons");

        // Acknowledged in the tile, the row stays there, still open.
        await row.Locator("button[data-action=acknowledge-all]").ClickAsync();
        await Assertions.Expect(row.Locator("li.alert[data-status='active']")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await AssertTouchTargetsAsync(nurse, "#tiles");
        await AssertNoSidewaysScrollAsync(nurse);
        await AssertAccessibleAsync(nurse, "the phone board");
        await ScreenshotAsync(nurse, "board-phone-390", fullPage: true);
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_bed_search_finds_a_bed_by_code_or_name_and_my_beds_shows_the_beds_i_charted()
    {
        var charted = await AdmitAsync(4, "Rae Charted");
        await AdmitAsync(5, "Sol Search");
        var alsoCharted = await AdmitAsync(6, "Tam Charted");
        await AdmitAsync(7, "Uma Untouched");
        await ChartVitalsAsync(charted, rr: 16);
        await ChartVitalsAsync(alsoCharted, rr: 16);
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await Assertions.Expect(nurse.Locator($"#tiles article[data-bed='{Beds[7]}']")).ToBeVisibleAsync(FewSeconds);

        var search = nurse.GetByRole(AriaRole.Searchbox, new() { Name = "Find bed" });
        await search.FillAsync(Beds[5]);
        Assert.That(await PollAsync(() => nurse.EvaluateAsync<string>(ShownBeds), b => b == Beds[5]), Is.EqualTo(Beds[5]));
        await search.FillAsync("uma");
        Assert.That(await PollAsync(() => nurse.EvaluateAsync<string>(ShownBeds), b => b == Beds[7]), Is.EqualTo(Beds[7]));
        await Assertions.Expect(nurse.Locator("#bed-filter-note")).ToContainTextAsync($"1 of {Beds.Length} beds");
        await search.FillAsync("");

        var myBeds = nurse.GetByRole(AriaRole.Button, new() { Name = "My beds" });
        await myBeds.ClickAsync();
        await Assertions.Expect(myBeds).ToHaveAttributeAsync("aria-pressed", "true");
        // The ward is shared with this class's other tests, whose charting counts too: only the beds of this test are checked.
        var shown = await PollAsync(() => nurse.EvaluateAsync<string>(ShownBeds), b => !b.Contains(Beds[5], StringComparison.Ordinal));
        Assert.That(shown.Split(' '), Does.Contain(Beds[4]).And.Contain(Beds[6]).And.Not.Contain(Beds[5]).And.Not.Contain(Beds[7]), "only the beds this nurse charted");
        await AssertTouchTargetsAsync(nurse, ".bed-finder");
        await myBeds.ClickAsync();
        Assert.That(await PollAsync(() => nurse.EvaluateAsync<int>("() => document.querySelectorAll('#tiles article.tile').length"), n => n == Beds.Length), Is.EqualTo(Beds.Length));
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task After_saving_a_chart_form_the_board_comes_back_at_the_same_bed()
    {
        for (var bed = 8; bed < 12; bed++)
        {
            await AdmitAsync(bed, $"Vic Far{bed}");
        }
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var far = nurse.Locator($"#tiles article[data-bed='{Beds[10]}']");
        await far.GetByRole(AriaRole.Link, new() { Name = $"Chart vitals, bed {Beds[10]}" }).ClickAsync();
        foreach (var (label, value) in new[] { ("Respiratory rate", "16"), ("SpO2 (%)", "97"), ("Systolic BP", "120"), ("Diastolic BP", "80"), ("Heart rate", "70"), ("Temperature", "36.8") })
        {
            await nurse.GetByLabel(label).FillAsync(value);
        }
        await nurse.GetByLabel("Air or oxygen").SelectOptionAsync("false");
        await nurse.GetByLabel("Consciousness (ACVPU)").SelectOptionAsync("A");
        await nurse.GetByLabel("Sedation (POSS)").SelectOptionAsync("1");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Saved");

        await nurse.GetByRole(AriaRole.Link, new() { Name = "Back to board" }).ClickAsync();
        await Assertions.Expect(far).ToBeInViewportAsync(new() { Timeout = 10_000 });
        var focusedBed = await PollAsync(() => nurse.EvaluateAsync<string>("() => document.activeElement?.closest('article.tile')?.dataset.bed ?? ''"), b => b == Beds[10]);
        Assert.That(focusedBed, Is.EqualTo(Beds[10]), "the focus is back on the bed just charted");
        await nurse.Context.CloseAsync();
    }
}
