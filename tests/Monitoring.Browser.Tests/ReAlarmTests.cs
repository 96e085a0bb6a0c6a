using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// An acknowledged alert that gets worse comes back as active: it flashes again and the alarm sounds
/// again, also when the ward's audio was paused. A ward of its own, so no other bed keeps the alarm going.
/// </summary>
[NonParallelizable]
public sealed partial class ReAlarmTests : BrowserSession
{
    private const string CountBeeps = "() => { window.beeps = 0; window.addEventListener('alarm-sounded', () => { window.beeps += 1; }); }";

    /// <summary>The board's alarm sounds every 2 s while a high alert waits (board.js, alarm.js).</summary>
    private static readonly TimeSpan AlarmPeriod = TimeSpan.FromSeconds(2);

    [Test]
    public async Task An_acknowledged_alert_that_worsens_flashes_and_sounds_again_also_while_the_audio_is_paused()
    {
        var admission = await AdmitAsync(2, "Remy Again");
        await ChartVitalsAsync(admission, rr: 10, poss: "3");
        var nurse = await SignInWithClockAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await nurse.EvaluateAsync(CountBeeps);
        var depression = nurse.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[2]}']");
        await Assertions.Expect(depression).ToHaveClassAsync(Flashing(), new() { Timeout = 10_000 });
        await nurse.WaitForFunctionAsync("() => window.beeps > 0", null, new() { Timeout = 10_000 });

        await AcknowledgeAllAsync(nurse);
        await AssertQuietAsync(nurse, "no sound once every alert is acknowledged");

        // Worse breathing, the same alert: back to active, flashing, and sounding at the alarm's next tick
        // (the clock is still stopped: it sounds when the clock moves on, not before).
        var quietFrom = await nurse.EvaluateAsync<int>("() => window.beeps");
        await ChartVitalsAsync(admission, rr: 7, poss: "3");
        await Assertions.Expect(depression).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 10_000 });
        await Assertions.Expect(depression).ToHaveClassAsync(Flashing());
        await Assertions.Expect(depression.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeVisibleAsync();
        await Assertions.Expect(depression.Locator(".reason")).ToContainTextAsync("since acknowledged at");
        await RunClockAsync(nurse, AlarmPeriod);
        Assert.That(await nurse.EvaluateAsync<int>("() => window.beeps"), Is.GreaterThan(quietFrom), "the worse alert sounds again within one alarm period");
        await nurse.Clock.ResumeAsync();

        // Acknowledged again, and the ward's audio paused: a paused alert that worsens sounds at once.
        await AcknowledgeAllAsync(nurse);
        using (var api = await ApiAsAsync("nurse"))
        {
            await SendAsync(api, $"/api/wards/{Ward}/audio-pause", new { reason = "Alarm being assessed" });
        }
        await Assertions.Expect(nurse.Locator("#pause-banner")).ToContainTextAsync("Alarm being assessed", new() { Timeout = 10_000 });
        await AssertQuietAsync(nurse, "no sound while acknowledged and paused");

        quietFrom = await nurse.EvaluateAsync<int>("() => window.beeps");
        // Worse by the rule's step (RR 2/min lower): one breath fewer is not a new alarm.
        await ChartVitalsAsync(admission, rr: 5, poss: "3");
        await Assertions.Expect(depression).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 10_000 });
        await Assertions.Expect(depression).ToHaveClassAsync(Flashing());
        await nurse.WaitForFunctionAsync("n => window.beeps > n", quietFrom, new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator("#pause-banner")).ToContainTextAsync($"Alarm sound back on before the pause ended: worse: bed {Beds[2]}");
        await Assertions.Expect(nurse.Locator("#sound")).ToHaveAttributeAsync("data-state", "on");
        // And it keeps sounding, not a single beep, until someone acknowledges it: again at each alarm period.
        for (var period = 1; period <= 3; period++)
        {
            var after = await nurse.EvaluateAsync<int>("() => window.beeps");
            await RunClockAsync(nurse, AlarmPeriod);
            Assert.That(await nurse.EvaluateAsync<int>("() => window.beeps"), Is.GreaterThan(after), $"it sounds again in alarm period {period} after the worse reading");
        }
        await ScreenshotAsync(nurse, "board-re-alarm-while-paused-1024");
        await nurse.Context.CloseAsync();
    }

    private static Regex Flashing() => FlashClass();

    [GeneratedRegex(@"\bflash\b")]
    private static partial Regex FlashClass();

    /// <summary>Presses Acknowledge on every active alert of the board, as the nurse at the bedside would.</summary>
    private static async Task AcknowledgeAllAsync(IPage page)
    {
        var active = page.Locator("li.alert[data-status='active']");
        while (await active.CountAsync() > 0)
        {
            var item = active.First;
            var id = await item.GetAttributeAsync("data-alert");
            await item.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
            await Assertions.Expect(page.Locator($"li.alert[data-alert='{id}']")).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = 10_000 });
        }
        await Assertions.Expect(page.Locator("li.alert.flash")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The page's clock stopped and moved on through several alarm periods: not one sounds. The clock stays stopped, so what
    /// follows sounds only when an event makes it or the test moves the clock on.
    /// </summary>
    private static async Task AssertQuietAsync(IPage page, string because)
    {
        await PauseClockAsync(page);
        var quietFrom = await page.EvaluateAsync<int>("() => window.beeps");
        await RunClockAsync(page, 5 * AlarmPeriod);
        Assert.That(await page.EvaluateAsync<int>("() => window.beeps"), Is.EqualTo(quietFrom), because);
    }
}
