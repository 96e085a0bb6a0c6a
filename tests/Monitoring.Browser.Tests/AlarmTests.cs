using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The alarm: a sound state that persists and shows, and a ward-wide audited audio pause that re-annunciates.</summary>
[NonParallelizable]
public sealed class AlarmTests : BrowserSession
{
    private const string CountBeeps = "() => { window.beeps = 0; window.addEventListener('alarm-sounded', () => { window.beeps += 1; }); }";

    /// <summary>How long before the pause's end the quiet window stops: the pause is still on when the next alert comes.</summary>
    private static readonly TimeSpan QuietUntilBeforeTheEnd = TimeSpan.FromSeconds(5);

    [Test, Order(1)]
    public async Task The_sound_state_is_always_visible_and_survives_a_reload()
    {
        var nurse = await SignInAsync("nurse", Phone);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var sound = nurse.Locator("#sound");
        await Assertions.Expect(sound).ToHaveAttributeAsync("data-state", "on");
        await Assertions.Expect(sound).ToBeInViewportAsync();
        await sound.ClickAsync();
        await Assertions.Expect(sound).ToHaveAttributeAsync("data-state", "off");
        await Assertions.Expect(sound).ToContainTextAsync("off");
        await nurse.ReloadAsync();
        await Assertions.Expect(sound).ToHaveAttributeAsync("data-state", "off");
        await sound.ClickAsync();
        await Assertions.Expect(sound).ToHaveAttributeAsync("data-state", "on");
        await nurse.ReloadAsync();
        await Assertions.Expect(sound).ToHaveAttributeAsync("data-state", "on");
        await nurse.Context.CloseAsync();
    }

    [Test, Order(2)]
    public async Task A_paused_alarm_shows_on_every_board_stays_quiet_and_sounds_again_for_a_new_high_alert()
    {
        var first = await AdmitAsync(0, "Pat Pause");
        var second = await AdmitAsync(1, "Quinn Pause");
        await ChartVitalsAsync(first, rr: 7, poss: "3");

        var wall = await SignInWithClockAsync("physician", Wall, "?wall");
        await OpenAsync(wall, $"#/ward/{Ward}");
        await wall.EvaluateAsync(CountBeeps);
        await wall.WaitForFunctionAsync("() => window.beeps > 0", null, new() { Timeout = 10_000 });

        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Pause alarm sound for 2 min…" }).ClickAsync();
        var dialog = nurse.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").SelectOptionAsync("At the bedside, attending to the patient");
        await AssertAccessibleAsync(nurse, "audio pause dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Pause sound" }).ClickAsync();

        foreach (var page in new[] { nurse, wall })
        {
            await Assertions.Expect(page.Locator("#pause-banner")).ToContainTextAsync($"Alarm sound paused by nurse-{Ward}", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#pause-banner")).ToContainTextAsync("At the bedside, attending to the patient");
            await Assertions.Expect(page.Locator("#sound")).ToHaveAttributeAsync("data-state", "paused");
        }
        await Assertions.Expect(wall.Locator("li.alert.flash").First).ToBeVisibleAsync();
        // The wall's clock is stopped and moved through the pause to its last seconds: not one alarm tick sounds.
        await PauseClockAsync(wall);
        var quietFrom = await wall.EvaluateAsync<int>("() => window.beeps");
        await RunClockAsync(wall, await PauseLeftAsync(wall) - QuietUntilBeforeTheEnd);
        Assert.That(await wall.EvaluateAsync<int>("() => window.beeps"), Is.EqualTo(quietFrom), "no sound while paused");
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("(0:0", new() { Timeout = 1_000 });
        await ScreenshotAsync(wall, "wall-audio-paused-1920");

        // The clock still stopped: the new alert sounds at once, before the pause ends, not at the next tick.
        await ChartVitalsAsync(second, rr: 5, poss: "4");
        await wall.WaitForFunctionAsync("n => window.beeps > n", quietFrom, new() { Timeout = 10_000 });
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("Alarm sound back on");
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync(Beds[1]);
        await Assertions.Expect(wall.Locator("#sound")).ToHaveAttributeAsync("data-state", "on");
        await AssertTicksSoundAsync(wall);
        await nurse.Context.CloseAsync();
        await wall.Context.CloseAsync();
    }

    [Test, Order(3)]
    public async Task A_paused_alert_that_gets_worse_sounds_again_before_the_pause_ends()
    {
        var admission = await AdmitAsync(4, "Sol Worse");
        await ChartVitalsAsync(admission, rr: 8, poss: "2");
        var wall = await SignInWithClockAsync("physician", Wall, "?wall");
        await OpenAsync(wall, $"#/ward/{Ward}");
        await wall.EvaluateAsync(CountBeeps);
        using (var api = await ApiAsAsync("nurse"))
        {
            await SendAsync(api, $"/api/wards/{Ward}/audio-pause", new { reason = "Alarm being assessed" });
        }
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("Alarm being assessed", new() { Timeout = 10_000 });
        await PauseClockAsync(wall);
        var quietFrom = await wall.EvaluateAsync<int>("() => window.beeps");
        await RunClockAsync(wall, await PauseLeftAsync(wall) - QuietUntilBeforeTheEnd);
        Assert.That(await wall.EvaluateAsync<int>("() => window.beeps"), Is.EqualTo(quietFrom), "no sound while paused");
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("(0:0", new() { Timeout = 1_000 });

        await ChartVitalsAsync(admission, rr: 5, poss: "4");
        await wall.WaitForFunctionAsync("n => window.beeps > n", quietFrom, new() { Timeout = 10_000 });
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync($"bed {Beds[4]}");
        await AssertTicksSoundAsync(wall);
        await wall.Context.CloseAsync();
    }

    /// <summary>How long the ward's audio pause has left by the page's clock (the service sets its end).</summary>
    private async Task<TimeSpan> PauseLeftAsync(IPage page)
    {
        using var api = await ApiAsAsync("nurse");
        var board = await api.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/board");
        var until = DateTimeOffset.Parse((string)board!["audioPause"]!["until"]!, CultureInfo.InvariantCulture);
        var left = until - await PageTimeAsync(page);
        Assert.That(left, Is.GreaterThan(QuietUntilBeforeTheEnd + TimeSpan.FromSeconds(30)), "the pause has most of its 2 minutes left");
        return left;
    }

    /// <summary>Sound back on, the stopped clock moved on by one alarm period (2 s) sounds again: the clock drives the alarm.</summary>
    private static async Task AssertTicksSoundAsync(IPage page)
    {
        var before = await page.EvaluateAsync<int>("() => window.beeps");
        await RunClockAsync(page, TimeSpan.FromSeconds(2));
        Assert.That(await page.EvaluateAsync<int>("() => window.beeps"), Is.GreaterThan(before), "the alarm sounds on the next tick of the clock");
    }
}
