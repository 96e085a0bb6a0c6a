using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The alarm: a sound state that persists and shows, and a ward-wide audited audio pause that re-annunciates.</summary>
[NonParallelizable]
public sealed class AlarmTests : BrowserSession
{
    private const string CountBeeps = "() => { window.beeps = 0; window.addEventListener('alarm-sounded', () => { window.beeps += 1; }); }";

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

        var wall = await SignInAsync("physician", Wall, "?wall");
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
        await wall.WaitForTimeoutAsync(500);
        var quietFrom = await wall.EvaluateAsync<int>("() => window.beeps");
        await wall.WaitForTimeoutAsync(4500);
        Assert.That(await wall.EvaluateAsync<int>("() => window.beeps"), Is.EqualTo(quietFrom), "no sound while paused");
        await ScreenshotAsync(wall, "wall-audio-paused-1920");

        await ChartVitalsAsync(second, rr: 5, poss: "4");
        await wall.WaitForFunctionAsync("n => window.beeps > n", quietFrom, new() { Timeout = 10_000 });
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("Alarm sound back on");
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync(Beds[1]);
        await Assertions.Expect(wall.Locator("#sound")).ToHaveAttributeAsync("data-state", "on");
        await nurse.Context.CloseAsync();
        await wall.Context.CloseAsync();
    }

    [Test, Order(3)]
    public async Task A_paused_alert_that_gets_worse_sounds_again_before_the_pause_ends()
    {
        var admission = await AdmitAsync(4, "Sol Worse");
        await ChartVitalsAsync(admission, rr: 8, poss: "2");
        var wall = await SignInAsync("physician", Wall, "?wall");
        await OpenAsync(wall, $"#/ward/{Ward}");
        await wall.EvaluateAsync(CountBeeps);
        using (var api = await ApiAsAsync("nurse"))
        {
            await SendAsync(api, $"/api/wards/{Ward}/audio-pause", new { reason = "Alarm being assessed" });
        }
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync("Alarm being assessed", new() { Timeout = 10_000 });
        await wall.WaitForTimeoutAsync(2500);
        var quietFrom = await wall.EvaluateAsync<int>("() => window.beeps");
        await wall.WaitForTimeoutAsync(2500);
        Assert.That(await wall.EvaluateAsync<int>("() => window.beeps"), Is.EqualTo(quietFrom), "no sound while paused");

        await ChartVitalsAsync(admission, rr: 5, poss: "4");
        await wall.WaitForFunctionAsync("n => window.beeps > n", quietFrom, new() { Timeout = 10_000 });
        await Assertions.Expect(wall.Locator("#pause-banner")).ToContainTextAsync($"bed {Beds[4]}");
        await wall.Context.CloseAsync();
    }
}
