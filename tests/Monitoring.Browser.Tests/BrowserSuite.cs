using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
    public const string ChromiumPath = Chromium.ExecutablePath;

    private static IPlaywright? _playwright;
    private static ServiceProcess? _service;
    private static IBrowser? _browser;

    public static ServiceProcess Service => _service ?? throw new InvalidOperationException("The service did not start.");

    public static IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium did not start.");

    public static bool Available => Chromium.Available;

    /// <summary>The service's MLLP listener, where the tests play bedside monitors.</summary>
    public static int MllpPort { get; private set; }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!Available)
        {
            return;
        }
        MllpPort = FreePort();
        // With a third scale described as data, so that the dashboard's forms are shown to draw a scale they have no code for.
        _service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
        {
            ["Monitoring__Devices__MllpPort"] = MllpPort.ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Scales__Descriptions__0"] = RepositoryPaths.FixtureScale,
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
