using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright against the real service; a ward with staff made through
/// the API, and helpers to sign in as each of them in a browser context of their own.
/// </summary>
public abstract class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";
    protected const string Password = "browser-password-1";

    private IPlaywright? _playwright;

    protected ServiceProcess Service { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    protected string Ward { get; } = "B" + Random.Shared.Next(1000, 9999);

    protected string[] Beds => [.. Enumerable.Range(1, 6).Select(n => $"{Ward}-{n:00}")];

    protected static string Screenshots { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"Browser tests not run: {ChromiumPath} is missing (tests/tools/install-test-deps.sh installs it).");
        }
        Directory.CreateDirectory(Screenshots);
        Service = await ServiceProcess.StartAsync(Store.Sqlite);
        using var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        await SendAsync(admin, "/api/wards", new { code = Ward, name = $"Ward {Ward}", beds = Beds });
        foreach (var role in new[] { "nurse", "physician", "manager" })
        {
            await SendAsync(admin, "/api/users", new { username = $"{role}-{Ward}", password = Password, role, wards = role == "manager" ? Array.Empty<string>() : [Ward] });
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }

    protected async Task<string> TokenAsync(string username, string password)
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

    protected async Task<string> AdmitAsync(int bed, string name, TimeSpan? admittedAgo = null)
    {
        using var nurse = await ApiAsAsync("nurse");
        var admittedAt = DateTimeOffset.UtcNow.Subtract(admittedAgo ?? TimeSpan.Zero).ToString("O");
        var admission = await SendAsync(nurse, "/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = name, dateOfBirth = "1984-05-02", ward = Ward, bed = Beds[bed], substances = new[] { "opioid" }, admittedAt });
        return (string)admission["id"]!;
    }

    /// <summary>A browser context of its own (as a second device would be), signed in through the login form.</summary>
    protected async Task<IPage> SignInAsync(string role, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // Script errors of the dashboard belong in the test output, not only in a screenshot.
        page.PageError += (_, error) => TestContext.Progress.WriteLine($"[{role} page error] {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                TestContext.Progress.WriteLine($"[{role} http {response.Status}] {response.Request.Method} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                TestContext.Progress.WriteLine($"[{role} console {message.Type}] {message.Text}");
            }
        };
        await page.GotoAsync(Service.BaseAddress.ToString());
        await page.GetByLabel("Username").FillAsync($"{role}-{Ward}");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("header.top").WaitForAsync();
        await page.Locator("#login-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        return page;
    }

    /// <summary>In-app navigation, as following one of the dashboard's links does.</summary>
    protected static async Task OpenAsync(IPage page, string route)
    {
        await page.EvaluateAsync("route => { location.hash = route; }", route);
        await page.WaitForFunctionAsync("route => location.hash === route", route);
    }

    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}
