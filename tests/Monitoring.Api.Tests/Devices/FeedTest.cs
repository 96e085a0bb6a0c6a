using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

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
