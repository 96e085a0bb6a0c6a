using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The phone dose table, the dose lane's times and range, the 24-hour time fields, and a refusal said in words.</summary>
[NonParallelizable]
public sealed partial class SmallFixesTests : BrowserSession
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
    private static partial Regex TimeFieldValue();

    [GeneratedRegex(@"^\d{2}:\d{2}(\n\d{1,2} \w{3})?$")]
    private static partial Regex DayClock();

    private async Task DoseAsync(string admission)
    {
        using var nurse = await ApiAsAsync("nurse");
        await SendAsync(nurse, $"/api/admissions/{admission}/doses", new { drug = "naloxone", dose = 400, unit = "mcg", route = "IM", givenAt = DateTimeOffset.UtcNow.AddMinutes(-20).ToString("O"), reason = "RR 8, POSS 3" });
    }

    [Test]
    public async Task The_entered_in_error_button_of_a_dose_is_reachable_on_a_phone()
    {
        var admission = await AdmitAsync(0, "Wyn Dose");
        await DoseAsync(admission);
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}");
        var button = nurse.Locator("table.doses").GetByRole(AriaRole.Button, new() { Name = "Entered in error…" });
        await button.ScrollIntoViewIfNeededAsync();
        var box = await button.BoundingBoxAsync();
        Assert.That(box, Is.Not.Null);
        Assert.That(box!.X, Is.GreaterThanOrEqualTo(0));
        Assert.That(box.X + box.Width, Is.LessThanOrEqualTo(Phone.Width), "the button is on the screen, not cut off at its right");
        await AssertNoSidewaysScrollAsync(nurse);
        await AssertTouchTargetsAsync(nurse, "table.doses");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_dose_lane_shares_the_charts_time_range_and_reads_24_hour_times()
    {
        var admission = await AdmitAsync(1, "Xan Lane", TimeSpan.FromHours(3));
        await ChartCowsAsync(admission, each: 2, minutesAgo: 90);
        await DoseAsync(admission);
        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/admission/{admission}");
        var lane = nurse.Locator("#dose-lane");
        await Assertions.Expect(lane).ToHaveAttributeAsync("data-time-labels", new Regex("."), new() { Timeout = 10_000 });
        var chart = nurse.Locator("figure.chart[data-chart=rr]");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-x-min", new Regex("."));
        Assert.That(await lane.GetAttributeAsync("data-x-min"), Is.EqualTo(await chart.GetAttributeAsync("data-x-min")), "the lane starts where the charts start");
        Assert.That(await lane.GetAttributeAsync("data-x-max"), Is.EqualTo(await chart.GetAttributeAsync("data-x-max")), "the lane ends where the charts end");
        var labels = (await lane.GetAttributeAsync("data-time-labels"))!.Split('|');
        Assert.That(labels, Is.Not.Empty);
        Assert.That(labels, Has.All.Matches(DayClock()), "24-hour times, day first");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task The_vitals_time_field_reads_24_hour_local_time_and_saves_it()
    {
        var admission = await AdmitAsync(2, "Yul Time", TimeSpan.FromHours(1));
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        var field = nurse.GetByLabel("Observed at");
        Assert.That(await field.GetAttributeAsync("type"), Is.Not.EqualTo("datetime-local"), "the browser would show its own 12-hour US format");
        Assert.That(await field.InputValueAsync(), Does.Match(TimeFieldValue()));

        // The browser is in New York: a 24-hour time typed there is that moment.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var observed = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-7), newYork);
        await field.FillAsync(observed.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (label, value) in new[] { ("Respiratory rate", "16"), ("SpO2 (%)", "97"), ("Systolic BP", "120"), ("Diastolic BP", "80"), ("Heart rate", "70"), ("Temperature", "36.8") })
        {
            await nurse.GetByLabel(label).FillAsync(value);
        }
        await nurse.GetByLabel("Air or oxygen").SelectOptionAsync("false");
        await nurse.GetByLabel("Consciousness (ACVPU)").SelectOptionAsync("A");
        await nurse.GetByLabel("Sedation (POSS)").SelectOptionAsync("1");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        var result = await PollAsync(() => nurse.Locator("#result").InnerTextAsync(), text => text.Contains("Saved", StringComparison.Ordinal));
        Assert.That(result, Does.Contain("Saved"), await nurse.Locator("#vitals-form").InnerTextAsync());

        using var api = await ApiAsAsync("nurse");
        var timeline = await api.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline");
        var saved = timeline!["entries"]!.AsArray().Select(e => e!["vitals"]).First(v => v is not null)!;
        var at = DateTimeOffset.Parse((string)saved["observedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((at - observed).Duration(), Is.LessThan(TimeSpan.FromMinutes(1)), $"saved {at:O} for {observed:O}");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task A_refused_view_says_so_in_words_with_a_way_back()
    {
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/ward/{Ward}/reports");
        var message = nurse.Locator("#view [data-refused]");
        await Assertions.Expect(message).ToBeVisibleAsync(FewSeconds);
        await Assertions.Expect(message).ToContainTextAsync("not open to your role (nurse)");
        Assert.That((await nurse.Locator("#view").InnerTextAsync()).Trim(), Is.Not.EqualTo("Forbidden.").And.Not.EqualTo("Forbidden"));
        await nurse.Locator("#view").GetByRole(AriaRole.Link, new() { Name = "Back to the board" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#tiles")).ToBeVisibleAsync(FewSeconds);
        await nurse.Context.CloseAsync();
    }
}
