using System.Text.Json;
using Microsoft.Playwright;

namespace Monitoring.Tasks;

/// <summary>
/// A user who only acts on what is in sight: swipes (mouse-wheel gestures of at most <see cref="SwipeLength"/>)
/// until the next target is wholly on screen and not under anything sticky, then taps its centre with the
/// mouse and types as a keyboard does. Counts every tap, keystroke group and swipe, and every pixel scrolled.
/// </summary>
internal sealed class ScriptedUser
{
    // Scroll events of the page and of every scrolling element, summed as they come (one event a frame).
    private const string ScrollMeter = """
        () => {
          if (window.__scrollMeter) return;
          const meter = window.__scrollMeter = { total: 0 };
          const last = new Map([[document, [scrollX, scrollY]]]);
          addEventListener('scroll', (event) => {
            const target = event.target === document.documentElement ? document : event.target;
            const now = target === document ? [scrollX, scrollY] : [target.scrollLeft, target.scrollTop];
            const before = last.get(target) ?? [0, 0];
            meter.total += Math.abs(now[0] - before[0]) + Math.abs(now[1] - before[1]);
            last.set(target, now);
          }, { capture: true, passive: true });
        }
        """;

    // Where the target is and whether a finger could reach all of it: on screen and not under a sticky header or summary.
    private const string Sight = """
        (element) => {
          const r = element.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) return { shown: false };
          const x = Math.min(Math.max(r.left + r.width / 2, 1), innerWidth - 1);
          const hit = (y) => { const h = document.elementFromPoint(x, y); return !!h && (h === element || element.contains(h)); };
          const edge = Math.min(3, r.height / 2);
          let inset = 0;
          for (const e of document.querySelectorAll('body *')) {
            const position = getComputedStyle(e).position;
            if ((position !== 'sticky' && position !== 'fixed') || e.contains(element)) continue;
            const b = e.getBoundingClientRect();
            if (b.height > 0 && b.top <= 1 + parseFloat(getComputedStyle(e).top || '0') && b.left < r.right && b.right > r.left && b.bottom < innerHeight / 2) inset = Math.max(inset, b.bottom);
          }
          const inside = r.top >= inset && r.bottom <= innerHeight;
          return { shown: true, top: r.top, bottom: r.bottom, x, inset, height: innerHeight, clear: inside && hit(r.top + edge) && hit(r.bottom - edge) && hit(r.top + r.height / 2) };
        }
        """;

    private readonly IPage _page;

    public ScriptedUser(IPage page, double swipeShare = 0.6)
    {
        _page = page;
        SwipeLength = (int)Math.Round(page.ViewportSize!.Height * swipeShare);
    }

    /// <summary>The longest a single swipe scrolls: a thumb's flick without momentum, 60 % of the screen's height.</summary>
    public int SwipeLength { get; }

    public int Taps { get; private set; }

    public int KeystrokeGroups { get; private set; }

    public int Swipes { get; private set; }

    /// <summary>Taps that did not land on the field aimed at (the page moved under the finger, or something covered it), each tapped again.</summary>
    public List<string> MissedTaps { get; } = [];

    /// <summary>The part of the scrolling that the swipes did; the rest the page did by itself (focus, redraws, a return to a bed).</summary>
    public double SwipedPx { get; private set; }

    /// <summary>Runs before each swipe (the charting meter stops watching the focused field while the page moves).</summary>
    public Func<Task>? BeforeSwipe { get; init; }

    public Task StartMeteringAsync() => _page.EvaluateAsync(ScrollMeter);

    public Task<double> ScrolledAsync() => _page.EvaluateAsync<double>("() => window.__scrollMeter?.total ?? 0");

    /// <summary>What the page has scrolled without a swipe so far, read once the frames in flight have been drawn.</summary>
    public async Task<double> ScrolledByItselfAsync()
    {
        await _page.EvaluateAsync("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
        return await ScrolledAsync() - SwipedPx;
    }

    /// <summary>Swipes until the whole target is in sight (or the page will scroll no further); answers whether it is.</summary>
    public async Task<bool> BringIntoSightAsync(ILocator target, int maxSwipes = 60)
    {
        await target.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        for (var swipe = 0; swipe <= maxSwipes; swipe++)
        {
            var sight = await target.EvaluateAsync<JsonElement>(Sight);
            if (!sight.GetProperty("shown").GetBoolean())
            {
                return false;
            }
            if (sight.GetProperty("clear").GetBoolean() || swipe == maxSwipes)
            {
                return sight.GetProperty("clear").GetBoolean();
            }
            double top = sight.GetProperty("top").GetDouble(), bottom = sight.GetProperty("bottom").GetDouble();
            double inset = sight.GetProperty("inset").GetDouble(), height = sight.GetProperty("height").GetDouble();
            // Down when the target is below (its bottom 24 px clear of the edge), up when it is above or under a sticky part.
            var needed = bottom > height ? bottom - height + 24 : top < inset ? top - inset - 24 : 0;
            if (needed == 0)
            {
                return false;
            }
            var before = await ScrolledAsync();
            await SwipeAsync(sight.GetProperty("x").GetDouble(), Math.Clamp(needed, -SwipeLength, SwipeLength));
            if (await ScrolledAsync() == before)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Brings the target into sight and taps its centre: a tap lands on whatever is on top there, as a finger's does.</summary>
    public async Task TapAsync(ILocator target)
    {
        await BringIntoSightAsync(target);
        var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("The target is not on the page.");
        await _page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        Taps++;
    }

    /// <summary>Taps a field until it has the focus, as a user taps again when the keyboard does not come up (three tries).</summary>
    public async Task<bool> TapFieldAsync(ILocator field)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await TapAsync(field);
            if (await field.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return true;
            }
            MissedTaps.Add(await field.EvaluateAsync<string>("e => e.id || e.name || e.tagName"));
        }
        return false;
    }

    /// <summary>Types into the focused field: one keystroke group, however many keys.</summary>
    public async Task TypeAsync(string text)
    {
        await _page.Keyboard.TypeAsync(text);
        KeystrokeGroups++;
    }

    /// <summary>A drop-down list: a tap to open it and a tap on the choice.</summary>
    public async Task<bool> ChooseAsync(ILocator select, string value)
    {
        var focused = await TapFieldAsync(select);
        // The opened list is drawn by the browser outside the page; Escape closes it and the choice is made as a tap would make it.
        await _page.Keyboard.PressAsync("Escape");
        await select.SelectOptionAsync(value);
        Taps++;
        return focused;
    }

    private async Task SwipeAsync(double x, double distance)
    {
        if (BeforeSwipe is not null)
        {
            await BeforeSwipe();
        }
        var start = await ScrolledAsync();
        await _page.Mouse.MoveAsync((float)x, _page.ViewportSize!.Height / 2f);
        await _page.Mouse.WheelAsync(0, (float)distance);
        Swipes++;
        // Settled when three frames in a row move nothing.
        var still = 0;
        var last = await ScrolledAsync();
        for (var frame = 0; frame < 60 && still < 3; frame++)
        {
            await _page.EvaluateAsync("() => new Promise((r) => requestAnimationFrame(() => r()))");
            var now = await ScrolledAsync();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        SwipedPx += last - start;
    }
}
