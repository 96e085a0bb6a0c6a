using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The alert list has one row per patient: the sickest and newest first, and a row stays put while it is worked through.</summary>
[NonParallelizable]
public sealed class AlertRowTests : BrowserSession
{
    private const string RowBeds = "() => [...document.querySelectorAll('#alert-list > li.patient')].map(li => li.dataset.bed).join(' ')";
    private const string FocusedRow = "() => document.activeElement?.closest('li.patient')?.dataset.bed ?? document.activeElement?.tagName ?? ''";

    [Test]
    public async Task The_newest_respiratory_depression_comes_first_and_acknowledging_keeps_the_row_and_its_focus()
    {
        var older = await AdmitAsync(0, "Al Older");
        var withdrawing = await AdmitAsync(1, "Bea Withdrawing");
        var newest = await AdmitAsync(2, "Cal Newest");
        await ChartVitalsAsync(older, rr: 6, poss: "3");
        await ChartCowsAsync(withdrawing, each: 4);
        await ChartVitalsAsync(newest, rr: 7, poss: "3");

        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var expected = $"{Beds[2]} {Beds[0]} {Beds[1]}";
        var order = await PollAsync(() => nurse.EvaluateAsync<string>(RowBeds), o => o == expected);
        Assert.That(order, Is.EqualTo(expected), "high before medium, and the newest high first");

        // Every open reason of a patient is in its one row, the threat to breathing first.
        var newestRow = nurse.Locator($"li.patient[data-bed='{Beds[2]}']");
        var reasons = newestRow.Locator("li.alert");
        Assert.That(await reasons.CountAsync(), Is.GreaterThanOrEqualTo(2));
        await Assertions.Expect(reasons.First).ToHaveAttributeAsync("data-code", "respiratory-depression");
        Assert.That(await nurse.Locator($"li.alert[data-bed='{Beds[2]}']").CountAsync(), Is.EqualTo(await reasons.CountAsync()), "no reason of the patient outside its row");

        // Acknowledged from the keyboard: the row stays first and keeps the focus.
        await reasons.First.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).FocusAsync();
        await nurse.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reasons.First).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = 10_000 });
        Assert.That(await PollAsync(() => nurse.EvaluateAsync<string>(FocusedRow), f => f == Beds[2]), Is.EqualTo(Beds[2]), "the focus stays on the row");
        Assert.That(await nurse.EvaluateAsync<string>(RowBeds), Is.EqualTo(expected), "the row keeps its place");

        // "Acknowledge all" goes once the patient's alerts are acknowledged; the focus stays on that patient's row.
        var olderAll = nurse.Locator($"li.patient[data-bed='{Beds[0]}'] button[data-action=acknowledge-all]");
        await olderAll.FocusAsync();
        await nurse.Keyboard.PressAsync("Enter");
        await Assertions.Expect(olderAll).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        Assert.That(await PollAsync(() => nurse.EvaluateAsync<string>(FocusedRow), f => f == Beds[0]), Is.EqualTo(Beds[0]), "the focus stays on the row");
        Assert.That(await nurse.EvaluateAsync<string>(RowBeds), Is.EqualTo(expected), "the row keeps its place");
        await AssertAccessibleAsync(nurse, "the alert list by patient");
        await nurse.Context.CloseAsync();
    }
}
