using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// How Debian's Chromium is started and a user signs in, without a test framework: the browser tests and the
/// task timings (tests/Monitoring.Tasks) drive the same browser the same way.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool Available => File.Exists(ExecutablePath);

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"],
    });

    /// <summary>
    /// A browser context of its own (as a second device would be), signed in through the login form.
    /// <paramref name="beforeLoad"/> runs before the first page loads (installing a fake clock, say).
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, Uri service, string username, string password, (int Width, int Height) size, string query = "", Action<IPage>? watch = null, Func<IPage, Task>? beforeLoad = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height }, Locale = "en-US", TimezoneId = "America/New_York" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        watch?.Invoke(page);
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }
        await page.GotoAsync(new Uri(service, "/" + query).ToString());
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("header.top").WaitForAsync();
        await page.Locator("#login-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        return page;
    }

    /// <summary>Reads until the value is as wanted (or the time is up) and answers the last value read: a wait on a condition, not a time.</summary>
    /// <remarks>Playwright's WaitForFunctionAsync answers at once when its predicate is async, so conditions that await are polled from here.</remarks>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> wanted, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        var value = await read();
        while (!wanted(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }

    /// <summary>In-app navigation, as following one of the dashboard's links does.</summary>
    public static async Task OpenAsync(IPage page, string route)
    {
        await page.EvaluateAsync("route => { location.hash = route; }", route);
        await page.WaitForFunctionAsync("route => location.hash === route", route);
    }
}
