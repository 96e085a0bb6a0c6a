using Microsoft.Playwright;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Browser.Tests;

/// <summary>
/// One service process and one Chromium for every browser test: each fixture makes a ward of its
/// own, so fixtures share the process without sharing data.
/// </summary>
[SetUpFixture]
public sealed class BrowserSuite
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static IPlaywright? _playwright;
    private static ServiceProcess? _service;
    private static IBrowser? _browser;

    public static ServiceProcess Service => _service ?? throw new InvalidOperationException("The service did not start.");

    public static IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium did not start.");

    public static bool Available => File.Exists(ChromiumPath);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!Available)
        {
            return;
        }
        _service = await ServiceProcess.StartAsync(Store.Sqlite);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
