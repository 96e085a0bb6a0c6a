using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// A screen that can no longer bring alarms must never look live: a link that goes silent without closing
/// (dead Wi-Fi, a stalled proxy) shows within 15 s, the alert list greys and cannot be acted on, and the wall,
/// which nobody may be watching, sounds its fault tone. A wall whose sound the browser blocks says so across the screen.
/// </summary>
[NonParallelizable]
public sealed partial class LivenessTests : BrowserSession
{
    private const string CountTones = "() => { window.tones = 0; window.addEventListener('technical-tone-sounded', () => { window.tones += 1; }); }";

    /// <summary>A wall that is not live sounds its fault tone every 30 s (board.js).</summary>
    private static readonly TimeSpan TechnicalTonePeriod = TimeSpan.FromSeconds(30);

    /// <summary>A screen goes not live 15 s after the service's last word, on a check made every second (hub.js).</summary>
    private static readonly TimeSpan SilentFor = TimeSpan.FromSeconds(15.5);

    // The browser's autoplay block, switchable: an AudioContext that stays suspended while window.blockAudio is set.
    private const string BlockAudio = """
        () => {
          window.blockAudio = true;
          const Real = window.AudioContext;
          window.AudioContext = class extends Real {
            constructor(...args) { super(...args); if (window.blockAudio) this.suspend(); }
            resume() { return window.blockAudio ? Promise.resolve() : super.resume(); }
          };
        }
        """;

    [Test]
    public async Task A_link_that_goes_silent_is_shown_within_15_seconds_and_the_screens_recover_when_it_comes_back()
    {
        var admission = await AdmitAsync(0, "Lou Silent");
        await ChartVitalsAsync(admission, rr: 7, poss: "3");
        var (board, boardTap) = await TappedAsync(Tablet, "");
        var (wall, wallTap) = await TappedAsync(Wall, "?wall");
        await Assertions.Expect(board.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[0]}']")).ToBeVisibleAsync();
        await Assertions.Expect(wall.Locator("#heartbeat")).ToHaveTextAsync(CheckedAt());
        Assert.That(await wall.EvaluateAsync<int>("() => window.tones"), Is.Zero, "no fault tone while live");

        boardTap.Silence();
        wallTap.Silence();

        // Within 15 s of the last word from the service (plus the second the check runs on), not 28 s or never:
        // both screens' clocks stopped (a second on) and moved on 15.5 s more, 16.5 s of page time in all.
        await PauseClockAsync(board);
        await PauseClockAsync(wall);
        await Task.WhenAll(RunClockAsync(board, SilentFor, keepLive: false), RunClockAsync(wall, SilentFor, keepLive: false));
        var atOnce = new LocatorAssertionsToContainTextOptions { Timeout = 2_000 };
        await Assertions.Expect(board.Locator("#connection")).ToContainTextAsync("This screen is not live", atOnce);
        await Assertions.Expect(wall.Locator("#heartbeat")).ToContainTextAsync("NOT LIVE", atOnce);
        await Assertions.Expect(board.Locator("section.alerts")).ToHaveAttributeAsync("inert", "");
        Assert.That(await board.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('section.alerts')).filter"), Does.Contain("grayscale"));
        Assert.That(await wall.EvaluateAsync<int>("() => window.tones"), Is.GreaterThanOrEqualTo(1), "the wall sounds its fault tone once not live");
        await ScreenshotAsync(board, "board-silent-link-1024");
        // Still not live: the wall's clock moved on by the tone's period, the tone sounds again.
        var toned = await wall.EvaluateAsync<int>("() => window.tones");
        await RunClockAsync(wall, TechnicalTonePeriod, keepLive: false);
        Assert.That(await wall.EvaluateAsync<int>("() => window.tones"), Is.GreaterThan(toned), "the fault tone sounds again 30 s later while not live");
        await board.Clock.ResumeAsync();
        await wall.Clock.ResumeAsync();

        // The link comes back: both screens reconnect, catch up and go live.
        boardTap.Restore();
        wallTap.Restore();
        await Assertions.Expect(board.Locator("#connection")).ToContainTextAsync("caught up", new() { Timeout = 40_000 });
        await Assertions.Expect(board.Locator("section.alerts")).Not.ToHaveAttributeAsync("inert", "");
        await Assertions.Expect(wall.Locator("#heartbeat")).ToHaveTextAsync(CheckedAt(), new() { Timeout = 40_000 });
        // Live again: the wall's clock stopped and moved on by more than the tone's period, no tone.
        await PauseClockAsync(wall);
        var tones = await wall.EvaluateAsync<int>("() => window.tones");
        await RunClockAsync(wall, TechnicalTonePeriod + TimeSpan.FromSeconds(5));
        Assert.That(await wall.EvaluateAsync<int>("() => window.tones"), Is.EqualTo(tones), "the fault tone stops once live");
        await board.Context.CloseAsync();
        await wall.Context.CloseAsync();
    }

    [Test]
    public async Task A_wall_whose_sound_is_blocked_says_so_across_the_screen_until_sound_is_allowed()
    {
        var wall = await SignInAsync("nurse", Wall, "?wall");
        await wall.AddInitScriptAsync($"({BlockAudio})()");
        await OpenAsync(wall, $"#/ward/{Ward}");
        await wall.ReloadAsync();
        var banner = wall.Locator("#sound-blocked");
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(banner).ToContainTextAsync("--autoplay-policy=no-user-gesture-required");
        var box = (await banner.BoundingBoxAsync())!;
        Assert.That(box.Width, Is.GreaterThanOrEqualTo(Wall.Width * 0.95), "the banner spans the screen");
        await AssertAccessibleAsync(wall, "wall with sound blocked");
        await ScreenshotAsync(wall, "wall-sound-blocked-1920");

        await wall.EvaluateAsync("() => { window.blockAudio = false; }");
        await wall.Mouse.ClickAsync(Wall.Width / 2, Wall.Height / 2);
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 5_000 });
        await wall.Context.CloseAsync();
    }

    // A board that joined through the tap (a reload opens its connection afresh, now tapped), counting fault tones.
    private async Task<(IPage Page, HubTap Tap)> TappedAsync((int Width, int Height) size, string query)
    {
        var page = await SignInWithClockAsync("nurse", size, query);
        await page.AddInitScriptAsync($"({CountTones})()");
        var tap = await HubTap.InstallAsync(page);
        await OpenAsync(page, $"#/ward/{Ward}");
        await page.ReloadAsync();
        // Polled from here: a predicate that awaits would be a promise, which waiting for a function takes as true.
        var live = await PollAsync(() => page.EvaluateAsync<bool>("async () => { const { feeds } = await import('/js/hub.js'); return [...feeds].some(f => f.live && f.heardAt); }"), live => live, TimeSpan.FromSeconds(15));
        Assert.That(live, Is.True, "the board's feed did not go live within 15 s");
        Assert.That(tap.SnapshotsAsked, Is.GreaterThanOrEqualTo(1), "the board joined through the tap");
        return (page, tap);
    }

    [GeneratedRegex(@"^Live · checked \d\d:\d\d:\d\d$")]
    private static partial Regex CheckedAt();
}
