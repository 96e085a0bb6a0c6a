using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright against the real service; a ward of twelve beds with staff
/// made through the API, and helpers to sign in as each of them in a browser context of their own.
/// </summary>
public abstract class BrowserSession
{
    protected const string Password = "browser-password-1";

    /// <summary>The sizes people use: the ward's wall screen, a tablet at the bedside, a phone.</summary>
    protected static readonly (int Width, int Height) Wall = (1920, 1080);
    protected static readonly (int Width, int Height) Tablet = (1024, 768);
    protected static readonly (int Width, int Height) Phone = (390, 844);

    protected static readonly LocatorAssertionsToBeVisibleOptions FewSeconds = new() { Timeout = 10_000 };

    protected static ServiceProcess Service => BrowserSuite.Service;

    protected static IBrowser Browser => BrowserSuite.Browser;

    protected string Ward { get; } = "B" + Random.Shared.Next(1000, 9999);

    protected string[] Beds => [.. Enumerable.Range(1, 12).Select(n => $"{Ward}-{n:00}")];

    protected static string Screenshots { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    [OneTimeSetUp]
    public async Task MakeWardAsync()
    {
        if (!BrowserSuite.Available)
        {
            Assert.Ignore($"Browser tests not run: {BrowserSuite.ChromiumPath} is missing (tests/tools/install-test-deps.sh installs it).");
        }
        Directory.CreateDirectory(Screenshots);
        using var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        await SendAsync(admin, "/api/wards", new { code = Ward, name = $"Ward {Ward}", beds = Beds });
        foreach (var role in new[] { "nurse", "physician", "manager" })
        {
            await SendAsync(admin, "/api/users", new { username = $"{role}-{Ward}", password = Password, role, wards = role == "manager" ? Array.Empty<string>() : [Ward] });
        }
    }

    protected static async Task<string> TokenAsync(string username, string password)
    {
        using var client = Service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    protected static async Task<JsonObject> SendAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    protected async Task<HttpClient> ApiAsAsync(string role) => Service.CreateClient(await TokenAsync($"{role}-{Ward}", Password));

    protected async Task<string> AdmitAsync(int bed, string name, TimeSpan? admittedAgo = null, string substance = "opioid")
    {
        using var nurse = await ApiAsAsync("nurse");
        var admittedAt = DateTimeOffset.UtcNow.Subtract(admittedAgo ?? TimeSpan.Zero).ToString("O");
        var admission = await SendAsync(nurse, "/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = name, dateOfBirth = "1984-05-02", ward = Ward, bed = Beds[bed], substances = new[] { substance }, admittedAt });
        return (string)admission["id"]!;
    }

    protected async Task ChartVitalsAsync(string admission, int rr, string poss = "1", int spo2 = 97, string consciousness = "A", int hr = 72, int sbp = 124, double minutesAgo = 0)
    {
        using var api = await ApiAsAsync("nurse");
        await SendAsync(api, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("O"), respiratoryRate = rr, spo2, onOxygen = false, systolicBp = sbp, diastolicBp = 78, heartRate = hr, temperatureC = 36.8, consciousness, sedation = poss });
    }

    protected async Task ChartCowsAsync(string admission, int each, double minutesAgo = 0)
    {
        using var api = await ApiAsAsync("nurse");
        await SendAsync(api, $"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("O"), items = new { restingPulseRate = 1, sweating = each, restlessness = 1, pupilSize = 1, boneJointAches = each, runnyNoseTearing = each, giUpset = each >= 4 ? 5 : each, tremor = 1, yawning = 1, anxietyIrritability = each, goosefleshSkin = 0 } });
    }

    /// <summary>A browser context of its own (as a second device would be), signed in through the login form.</summary>
    protected Task<IPage> SignInAsync(string role, (int Width, int Height)? size = null, string query = "") =>
        Chromium.SignInAsync(Browser, Service.BaseAddress, $"{role}-{Ward}", Password, size ?? Tablet, query, page => Watch(page, role));

    /// <summary>
    /// As <see cref="SignInAsync"/>, with Playwright's fake clock installed before the page's first script runs:
    /// time flows as usual until <see cref="PauseClockAsync"/>, then only as <see cref="RunClockAsync"/> moves it.
    /// </summary>
    protected Task<IPage> SignInWithClockAsync(string role, (int Width, int Height)? size = null, string query = "") =>
        Chromium.SignInAsync(Browser, Service.BaseAddress, $"{role}-{Ward}", Password, size ?? Tablet, query, page => Watch(page, role), page => page.Clock.InstallAsync());

    /// <summary>Stops the page's clock (a second on from its time now): from here its timers fire only as the test moves the clock.</summary>
    protected static async Task PauseClockAsync(IPage page)
    {
        var now = await page.EvaluateAsync<long>("() => Date.now()");
        await page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(now + 1000).UtcDateTime);
    }

    /// <summary>The page's time now, as its scripts see it.</summary>
    protected static async Task<DateTimeOffset> PageTimeAsync(IPage page) =>
        DateTimeOffset.FromUnixTimeMilliseconds(await page.EvaluateAsync<long>("() => Date.now()"));

    /// <summary>
    /// Moves the paused clock of the page on by <paramref name="span"/>, a second at a time, firing every timer due on the way.
    /// The ward feed asks the service every 5 s (page time) whether it is there and goes not live after 15 s without an answer:
    /// while <paramref name="keepLive"/>, each second waits (in real time) for the answer to the last question, so a long span
    /// passes as it would with the service answering, and fails if the feed stops being live.
    /// </summary>
    protected static async Task RunClockAsync(IPage page, TimeSpan span, bool keepLive = true)
    {
        for (var left = (long)span.TotalMilliseconds; left > 0; left -= 1000)
        {
            await page.Clock.RunForAsync(Math.Min(1000, left));
            if (keepLive)
            {
                var heard = await PollAsync(() => page.EvaluateAsync<string>(FeedsHeard), state => state == "heard");
                Assert.That(heard, Is.EqualTo("heard"), $"the ward feed stayed live while the clock moved on ({(long)span.TotalMilliseconds - left} ms in)");
            }
        }
    }

    // Every feed of the page live and answered within the last 6 s (page time): one question every 5 s, answered.
    private const string FeedsHeard = "async () => { const { feeds } = await import('/js/hub.js'); const all = [...feeds]; "
        + "return all.length === 0 ? 'no feed' : all.every(f => f.live && Date.now() - f.heardLocally <= 6000) ? 'heard' : "
        + "all.map(f => `live ${f.live}, heard ${Date.now() - f.heardLocally} ms ago`).join('; '); }";

    /// <summary>Failed requests and script errors of a page, kept for assertions and written to the test output.</summary>
    protected static List<string> Watch(IPage page, string who)
    {
        var failures = new List<string>();
        page.PageError += (_, error) =>
        {
            failures.Add($"page error {error}");
            TestContext.Progress.WriteLine($"[{who} page error] {error}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"http {response.Status} {response.Request.Method} {response.Url}");
                TestContext.Progress.WriteLine($"[{who} http {response.Status}] {response.Request.Method} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                TestContext.Progress.WriteLine($"[{who} console {message.Type}] {message.Text}");
            }
        };
        Failures.AddOrUpdate(page, failures);
        return failures;
    }

    protected static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Failures = [];

    /// <summary>Reads until the value is as wanted (or 10 s pass) and answers the last value read: a wait on a condition, not a time.</summary>
    protected static Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> wanted, TimeSpan? timeout = null) => Chromium.PollAsync(read, wanted, timeout);

    /// <summary>In-app navigation, as following one of the dashboard's links does.</summary>
    protected static Task OpenAsync(IPage page, string route) => Chromium.OpenAsync(page, route);

    protected static Task ScreenshotAsync(IPage page, string name, bool fullPage = false) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });

    /// <summary>The page scrolls only up and down: nothing sticks out sideways.</summary>
    protected static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.That(overflow, Is.LessThanOrEqualTo(0), "the page scrolls sideways");
        var wide = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('main *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'); })
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        Assert.That(wide, Is.Empty, "elements stick out of the screen on the right");
    }

    /// <summary>Every visible button, link, select and text input is at least 44 px tall (a finger on a tablet).</summary>
    protected static async Task AssertTouchTargetsAsync(IPage page, string scope = "body")
    {
        var small = await page.EvaluateAsync<string[]>(@"scope => [...document.querySelector(scope).querySelectorAll('button, a[href], select, input:not([type=radio]):not([type=checkbox]), textarea, label:has(input[type=radio]), label:has(input[type=checkbox])')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('p, td, .meta, .u-wrap') })
            .filter(e => { const r = e.getBoundingClientRect(); return r.height < 43.5 || r.width < 43.5; })
            .slice(0, 8).map(e => `${e.tagName} '${(e.textContent || e.name || e.id).trim().slice(0, 30)}' ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`)", scope);
        Assert.That(small, Is.Empty, "touch targets smaller than 44 px");
    }

    /// <summary>
    /// axe-core (from npm, a test-only package) served to the page by the test itself, never by the
    /// product; fails on any serious or critical violation of WCAG 2.1 A/AA.
    /// </summary>
    protected static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var axe = Path.Combine(RepositoryPaths.Root, "tests", "Monitoring.Browser.Tests", "node_modules", "axe-core", "axe.min.js");
        Assert.That(File.Exists(axe), Is.True, $"{axe} is missing: the test build runs npm ci in tests/Monitoring.Browser.Tests");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.RouteAsync("**/__browser-tests__/axe.min.js", route => route.FulfillAsync(new() { Path = axe, ContentType = "text/javascript" }));
            await page.AddScriptTagAsync(new() { Url = "/__browser-tests__/axe.min.js" });
        }
        var violations = await page.EvaluateAsync<string[]>(@"async () => {
            const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id} (${v.nodes.length}): ${v.help} :: ${v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)).join(' | ')}`);
        }");
        Assert.That(violations, Is.Empty, $"axe-core on {what}");
    }
}
