using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// The board's live feed (js/hub.js): each event applied once however often it arrives, a bounded hold
/// of events that came ahead of a gap, and a catch-up that fails visibly and is retried until it works.
/// </summary>
[NonParallelizable]
public sealed class WardFeedTests : BrowserSession
{
    // Wraps the running feed to record what it receives and applies; reads its own fields, nothing added to the product.
    private const string Record = """
        async () => {
          const { feeds, HELD_AT_MOST } = await import('/js/hub.js');
          const feed = [...feeds].at(-1);
          Object.assign(window, { feed, heldAtMost: HELD_AT_MOST, applied: [], received: [], mostHeld: 0 });
          const onEvent = feed.onEvent;
          feed.onEvent = (event) => { window.applied.push(event.sequence); onEvent(event); };
          const receive = feed.receive.bind(feed);
          feed.receive = (event) => { window.received.push(event.sequence); receive(event); window.mostHeld = Math.max(window.mostHeld, feed.ahead.size); };
        }
        """;

    [Test]
    public async Task A_failed_catch_up_is_shown_and_retried_until_the_missed_alert_appears()
    {
        var admission = await AdmitAsync(0, "Cato Missed");
        var (nurse, tap) = await BoardWithTapAsync();

        tap.HideNext(e => (string?)e["alert"]?["code"] == "respiratory-depression");
        tap.FailCatchUps(2);
        await ChartVitalsAsync(admission, rr: 7, poss: "3");

        var banner = nurse.Locator("#connection");
        await Assertions.Expect(banner).ToContainTextAsync("Could not fetch the updates missed", new() { Timeout = 10_000 });
        await Assertions.Expect(banner).ToContainTextAsync("This screen is not live");
        await Assertions.Expect(nurse.Locator(".board")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bnot-live\b"));
        var depression = nurse.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[0]}']");
        Assert.That(await depression.CountAsync(), Is.Zero, "the alert was lost on the way and the catch-up has not worked yet");
        await ScreenshotAsync(nurse, "board-catch-up-failed-1024");

        await Assertions.Expect(depression).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(banner).ToContainTextAsync("caught up");
        Assert.Multiple(() =>
        {
            Assert.That(tap.Hidden, Is.EqualTo(1));
            Assert.That(tap.CatchUpsFailed, Is.EqualTo(2));
            Assert.That(tap.CatchUpsAsked, Is.EqualTo(3), "retried after each failure, one request at a time");
        });
        await AssertAppliedOnceInOrderAsync(nurse);
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task Events_delivered_twice_apply_once_and_the_events_held_behind_a_gap_stay_bounded()
    {
        var first = await AdmitAsync(1, "Dana Twice");
        var second = await AdmitAsync(2, "Emery Twice");
        var (nurse, tap) = await BoardWithTapAsync();
        using var api = await ApiAsAsync("nurse");

        // A gap, and events held behind it while the catch-up is refused: the catch-up that works brings them again.
        tap.HideNext(e => (string?)e["alert"]?["code"] == "respiratory-depression");
        tap.FailCatchUps(2);
        await ChartAsync(api, first, rr: 7, poss: "3");
        await nurse.WaitForFunctionAsync("() => window.feed.ahead.size > 0", null, new() { Timeout = 10_000 });
        await ChartAsync(api, second, rr: 16, poss: "1");
        await ChartAsync(api, second, rr: 15, poss: "1");
        await Assertions.Expect(nurse.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[1]}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await nurse.WaitForFunctionAsync("() => window.feed.ahead.size === 0 && window.feed.live");
        var received = await nurse.EvaluateAsync<long[]>("() => window.received");
        Assert.That(received.GroupBy(s => s).Any(g => g.Count() > 1), Is.True, "some events arrived twice (live, then in the catch-up)");
        await AssertAppliedOnceInOrderAsync(nurse);

        // A gap that stays open while the ward keeps charting: the feed never holds more than its bound.
        var heldAtMost = await nurse.EvaluateAsync<int>("() => window.heldAtMost");
        tap.FailCatchUps(int.MaxValue);
        tap.HideNext(_ => true);
        var receivedBefore = received.Length;
        // Each chart sends at least its observationRecorded event; the first of them is the one lost.
        for (var chart = 0; chart < heldAtMost + 60; chart++)
        {
            await ChartAsync(api, second, rr: 14 + (chart % 4), poss: "1");
        }
        await nurse.WaitForFunctionAsync("n => window.received.length >= n", receivedBefore + heldAtMost + 50, new() { Timeout = 30_000 });
        var mostHeld = await nurse.EvaluateAsync<int>("() => window.mostHeld");
        Assert.That(mostHeld, Is.InRange(heldAtMost / 2, heldAtMost), "held events up to the bound, never more");
        Assert.That(await nurse.EvaluateAsync<bool>("() => window.feed.resync"), Is.True, "beyond the bound the feed takes a snapshot");
        await Assertions.Expect(nurse.Locator("#connection")).ToContainTextAsync("Could not fetch the updates missed");

        // Once the catch-up works again the board is whole and live: the snapshot, then new events.
        var snapshotsBefore = tap.SnapshotsAsked;
        tap.FailCatchUps(0);
        await nurse.WaitForFunctionAsync("() => window.feed.live && window.feed.ahead.size === 0 && !window.feed.resync", null, new() { Timeout = 20_000 });
        Assert.That(tap.SnapshotsAsked, Is.GreaterThan(snapshotsBefore), "the feed took the ward's snapshot");
        await ChartAsync(api, second, rr: 6, poss: "4");
        await Assertions.Expect(nurse.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[2]}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator("#connection")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await nurse.Context.CloseAsync();
    }

    /// <summary>The board as a nurse sees it, its hub connection passing through a tap, and the feed recorded.</summary>
    private async Task<(IPage Page, HubTap Tap)> BoardWithTapAsync()
    {
        var nurse = await SignInAsync("nurse", Tablet);
        var tap = await HubTap.InstallAsync(nurse);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        // A reload opens the board's connection afresh, now through the tap.
        await nurse.ReloadAsync();
        var live = await PollAsync(() => nurse.EvaluateAsync<bool>("async () => { const { feeds } = await import('/js/hub.js'); return [...feeds].some(f => f.live); }"), live => live);
        Assert.That(live, Is.True, "the board's feed did not go live within 10 s");
        await nurse.EvaluateAsync(Record);
        Assert.That(tap.SnapshotsAsked, Is.EqualTo(1), "the board joined through the tap");
        return (nurse, tap);
    }

    private static async Task AssertAppliedOnceInOrderAsync(IPage page)
    {
        var applied = await page.EvaluateAsync<long[]>("() => window.applied");
        Assert.That(applied, Is.Not.Empty);
        Assert.That(applied, Is.EqualTo(Enumerable.Range(0, applied.Length).Select(i => applied[0] + i).ToArray()), "every sequence applied once, in order, none skipped");
    }

    private static async Task ChartAsync(HttpClient api, string admission, int rr, string poss)
    {
        using var response = await api.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new
        {
            observedAt = DateTimeOffset.UtcNow.ToString("O"),
            respiratoryRate = rr,
            spo2 = 97,
            onOxygen = false,
            systolicBp = 124,
            diastolicBp = 78,
            heartRate = 72,
            temperatureC = 36.8,
            consciousness = "A",
            sedation = poss,
        });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }
}
