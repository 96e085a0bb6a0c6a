using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

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

/// <summary>Base of the feed's integration tests: the real service with its MLLP listener, over each store.</summary>
public abstract class FeedTest(Store store) : ApiTest(store)
{
    protected int MllpPort { get; private set; }

    /// <summary>Settings of <c>Monitoring:Devices</c> besides the port, as name=value.</summary>
    protected virtual string[] FeedSettings => [];

    protected override async Task<ServiceProcess> StartOrShareServiceAsync()
    {
        var (service, port) = await FeedServices.GetAsync(Store, FeedSettings);
        MllpPort = port;
        return service;
    }

    protected Task<MllpClient> ConnectAsync() => MllpClient.ConnectAsync(MllpPort);

    /// <summary>A patient admitted an hour ago to a fresh ward's first bed, with their MRN and bed.</summary>
    protected async Task<(Guid Id, string Mrn, string Bed, TestWard Ward)> AdmitMonitoredAsync()
    {
        var ward = await NewWardAsync(beds: 2);
        using var nurse = await SignInAsync("nurse", ward.Code);
        var mrn = Unique("MRN");
        using var response = await nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(ward, 0, mrn: mrn, admittedAgo: TimeSpan.FromHours(1)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
        return (id, mrn, ward.Beds[0], ward);
    }

    protected Task<long> SamplesOf(Guid admission) => Db.CountAsync("monitor_samples", "admission_id = @Id", new { Id = Db.Id(admission) });
}
