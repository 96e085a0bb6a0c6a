using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The ward board as a nurse and a physician use it: alerts that stay put while acted on, acuity first.</summary>
[NonParallelizable]
public sealed class BoardTests : BrowserSession
{
    [Test]
    public async Task A_typed_note_and_the_focus_survive_live_updates_and_resolve_works()
    {
        var first = await AdmitAsync(0, "Alex Note");
        var second = await AdmitAsync(1, "Billie Note");
        await ChartVitalsAsync(first, rr: 7, poss: "3");
        var physician = await SignInWithClockAsync("physician", Tablet);
        await OpenAsync(physician, $"#/ward/{Ward}");
        var alert = physician.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[0]}']");
        await Assertions.Expect(alert).ToBeVisibleAsync(FewSeconds);

        await alert.GetByRole(AriaRole.Button, new() { Name = "Resolve…" }).ClickAsync();
        var note = alert.GetByRole(AriaRole.Textbox);
        await note.FillAsync("Naloxone given, RR now 12");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).FocusAsync();
        await alert.EvaluateAsync("li => { li.dataset.marker = 'same-element'; }");
        // Live traffic while the physician is at the alert: another patient's alert arrives, times tick on
        // (the page's clock moved on 35 s: every second's tick, the tiles' 30 s redraw, the monitors' 10 s refreshes).
        await ChartVitalsAsync(second, rr: 6, poss: "4");
        await Assertions.Expect(physician.Locator($"li.alert[data-bed='{Beds[1]}']").First).ToBeVisibleAsync(FewSeconds);
        await PauseClockAsync(physician);
        await RunClockAsync(physician, TimeSpan.FromSeconds(35));

        await Assertions.Expect(note).ToHaveValueAsync("Naloxone given, RR now 12");
        Assert.That(await physician.EvaluateAsync<string>("() => document.activeElement.textContent"), Is.EqualTo("Acknowledge"), "focus stayed on Acknowledge");
        Assert.That(await alert.GetAttributeAsync("data-marker"), Is.EqualTo("same-element"), "the item was updated in place, not rebuilt");

        await alert.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Assertions.Expect(alert).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await physician.Context.CloseAsync();
    }

    [Test]
    public async Task The_sickest_patient_comes_first_named_in_words_with_rr_spo2_and_poss()
    {
        var induction = await AdmitAsync(2, "Casey Induction");
        var toxic = await AdmitAsync(5, "Dana Toxic");
        var quiet = await AdmitAsync(3, "Eli Quiet");
        await ChartCowsAsync(induction, each: 2);
        await ChartVitalsAsync(toxic, rr: 7, poss: "3", spo2: 93);
        await ChartVitalsAsync(quiet, rr: 14);

        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var nurse = await SignInAsync("nurse", size);
            await OpenAsync(nurse, $"#/ward/{Ward}");
            var tiles = nurse.Locator("article.tile");
            var toxicTile = nurse.Locator($"article.tile[data-bed='{Beds[5]}']");
            await Assertions.Expect(toxicTile.Locator("[data-top-alert]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^High: Respiratory depression"), new() { Timeout = 10_000 });
            var order = await tiles.EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.bed)");
            Assert.That(order[0], Is.EqualTo(Beds[5]), "the high alert's bed comes first");
            Assert.That(Array.IndexOf(order, Beds[2]), Is.LessThan(Array.IndexOf(order, Beds[3])), "a low alert ranks above no alert");
            Assert.That(Array.IndexOf(order, Beds[3]), Is.LessThan(Array.IndexOf(order, Beds[6])), "occupied beds before empty ones");
            await Assertions.Expect(toxicTile.Locator("[data-rr]")).ToHaveTextAsync("7");
            await Assertions.Expect(toxicTile.Locator("[data-spo2]")).ToHaveTextAsync("93");
            await Assertions.Expect(toxicTile.Locator("[data-poss]")).ToHaveTextAsync("3");
            await Assertions.Expect(toxicTile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("acuity-high"));
            var inductionTile = nurse.Locator($"article.tile[data-bed='{Beds[2]}']");
            await Assertions.Expect(inductionTile.Locator("[data-top-alert]")).ToHaveTextAsync("Low: COWS ready for buprenorphine induction");
            await Assertions.Expect(inductionTile.Locator("[data-cows]")).ToHaveTextAsync("15");
            var colours = await nurse.EvaluateAsync<string[]>("beds => beds.map(b => getComputedStyle(document.querySelector(`article.tile[data-bed='${b}']`)).borderLeftColor)", new[] { Beds[5], Beds[2] });
            Assert.That(colours[0], Is.Not.EqualTo(colours[1]), "a low alert does not look like a high one");
            Assert.That(await nurse.Locator("#alert-list").InnerTextAsync(), Does.Not.Contain("respiratory-depression"));
            await AssertNoSidewaysScrollAsync(nurse);
            await ScreenshotAsync(nurse, $"board-{size.Width}");
            await nurse.Context.CloseAsync();
        }
    }

    [Test]
    public async Task Opening_a_view_keeps_the_header_in_sight_at_every_size()
    {
        await AdmitAsync(4, "Frankie Scroll");
        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var nurse = await SignInWithClockAsync("nurse", size);
            foreach (var route in new[] { $"#/ward/{Ward}", $"#/ward/{Ward}/census" })
            {
                await OpenAsync(nurse, route);
                await nurse.Locator("main h1").First.WaitForAsync();
                await ViewDrawnAsync(nurse, route);
                // Whatever the view set going while it loaded has run: its page's clock moved on a second.
                await nurse.Clock.RunForAsync(1000);
                Assert.That(await nurse.EvaluateAsync<double>("() => window.scrollY"), Is.EqualTo(0), $"{route} at {size.Width} scrolled on load");
                Assert.That(await nurse.EvaluateAsync<double>("() => document.querySelector('header.top').getBoundingClientRect().top"), Is.EqualTo(0));
            }
            await nurse.Context.CloseAsync();
        }
    }

    [Test]
    public async Task The_sign_in_page_shows_no_app_header()
    {
        foreach (var size in new[] { Tablet, Phone })
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(Service.BaseAddress.ToString());
            await page.GetByLabel("Username").WaitForAsync();
            await Assertions.Expect(page.Locator("header.top")).ToBeHiddenAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
            await AssertAccessibleAsync(page, $"sign-in at {size.Width}");
            await AssertNoSidewaysScrollAsync(page);
            await ScreenshotAsync(page, $"sign-in-{size.Width}");
            await context.CloseAsync();
        }
    }

    [Test]
    public async Task A_manager_sees_only_what_a_manager_may_open_and_no_request_fails()
    {
        var admission = await AdmitAsync(7, "Gale Manager");
        await ChartVitalsAsync(admission, rr: 16);
        var manager = await SignInAsync("manager", Tablet);
        var pending = new PendingRequests(manager);
        await OpenAsync(manager, $"#/ward/{Ward}");
        await Assertions.Expect(manager.Locator($"article.tile[data-bed='{Beds[7]}'] [data-rr]")).ToHaveTextAsync("16", new() { Timeout = 10_000 });
        // Every request the board made has its answer (a refused one is a failure) before the failures are read.
        var unanswered = await PollAsync(() => Task.FromResult(pending.Count), n => n == 0);
        Assert.That(unanswered, Is.Zero, $"requests still unanswered: {string.Join(", ", pending.Urls)}");
        Assert.That(await manager.Locator("a[href^='#/admission/']").CountAsync(), Is.Zero, "no links to pages a manager may not open");
        Assert.That(await manager.Locator("[data-trend]").CountAsync(), Is.Zero, "no trends that need the clinical timeline");
        Assert.That(Failures.TryGetValue(manager, out var failures) ? failures : [], Is.Empty);
        await OpenAsync(manager, $"#/ward/{Ward}/census");
        await manager.Locator("#occupancy").WaitForAsync();
        Assert.That(failures, Is.Empty);
        await manager.Context.CloseAsync();
    }

    /// <summary>The view opened by <paramref name="route"/> is drawn: the board's tiles from its live feed, the census's figures.</summary>
    private static async Task ViewDrawnAsync(IPage page, string route)
    {
        var drawn = route.EndsWith("/census", StringComparison.Ordinal)
            ? await PollAsync(() => page.Locator("#occupancy").CountAsync(), n => n > 0) > 0
            : await PollAsync(() => page.EvaluateAsync<bool>("async () => { const { feeds } = await import('/js/hub.js'); return [...feeds].some(f => f.live) && document.querySelectorAll('#tiles article.tile').length > 0; }"), d => d);
        Assert.That(drawn, Is.True, $"{route} was not drawn within 10 s");
    }

    /// <summary>The requests a page has made and not yet had an answer (or a failure) for.</summary>
    private sealed class PendingRequests
    {
        private readonly HashSet<IRequest> _requests = [];

        public PendingRequests(IPage page)
        {
            page.Request += (_, request) => Change(() => _requests.Add(request));
            page.RequestFinished += (_, request) => Change(() => _requests.Remove(request));
            page.RequestFailed += (_, request) => Change(() => _requests.Remove(request));
        }

        public int Count => Read(() => _requests.Count);

        public string[] Urls => Read(() => _requests.Select(r => r.Url).ToArray());

        private void Change(Func<bool> change)
        {
            lock (_requests)
            {
                change();
            }
        }

        private T Read<T>(Func<T> read)
        {
            lock (_requests)
            {
                return read();
            }
        }
    }
}
