using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Monitoring.Api.Tests.Infrastructure;

// The assembly's root namespace: a set-up fixture's tear-down runs only after the tests of its namespace, and feed
// services are shared beyond Devices (Features/Monitor).
namespace Monitoring.Api.Tests;

/// <summary>A service with the MLLP listener on, per store and settings, shared by the feed's test classes and ended after them.</summary>
[SetUpFixture]
public sealed class FeedServices
{
    private static readonly ConcurrentDictionary<(Store, string), Lazy<Task<(ServiceProcess Service, int Port)>>> Services = new();

    /// <summary>The service for <paramref name="settings"/> (name=value of <c>Monitoring:Devices</c>), started on first use.</summary>
    public static Task<(ServiceProcess Service, int Port)> GetAsync(Store store, params string[] settings) =>
        Services.GetOrAdd((store, string.Join(';', settings)), _ => new(() => StartAsync(store, settings))).Value;

    public static async Task<(ServiceProcess Service, int Port)> StartAsync(Store store, IReadOnlyList<string> settings, string? sharedDataPath = null, int? port = null)
    {
        var mllpPort = port ?? FreePort();
        var environment = new Dictionary<string, string> { ["Monitoring__Devices__MllpPort"] = mllpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var setting in settings)
        {
            var (name, value) = (setting.Split('=')[0], setting.Split('=', 2)[1]);
            environment[$"Monitoring__Devices__{name}"] = value;
        }
        return (await ServiceProcess.StartAsync(store, sharedDataPath: sharedDataPath, environment: environment), mllpPort);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [OneTimeTearDown]
    public async Task StopAll()
    {
        foreach (var service in Services.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await service.Value).Service.DisposeAsync();
        }
    }
}
