using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary><c>--demo</c> feeds ward 4B from simulated bedside monitors in the service's own process, over its MLLP listener.</summary>
public sealed class DemoMonitorsTests
{
    [Test]
    public async Task The_demo_wards_tiles_show_live_monitor_values()
    {
        var port = FeedServices.FreePort();
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, ["--demo"], environment: new Dictionary<string, string>
        {
            ["Monitoring__Devices__MllpPort"] = port.ToString(CultureInfo.InvariantCulture),
        });
        using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);

        // The monitors start with the server; their first messages arrive within seconds.
        JsonArray tiles = [];
        for (var attempt = 0; attempt < 120; attempt++)
        {
            tiles = (await admin.GetFromJsonAsync<JsonObject>("/api/wards/4B/board"))!["beds"]!.AsArray();
            if (tiles.Count(t => (string?)t!["monitor"]?["status"] == "live" && t["monitor"]!["spo2"] is not null) >= 9)
            {
                break;
            }
            await Task.Delay(500);
        }

        var occupied = tiles.Where(t => t!["admissionId"] is not null).ToList();
        Assert.That(occupied, Has.Count.EqualTo(10));
        Assert.That(occupied.Count(t => (string?)t!["monitor"]!["status"] == "live"), Is.EqualTo(10), "every occupied bed has a monitor");
        var deteriorating = tiles.Single(t => (string?)t!["bed"] == "4B-02")!["monitor"]!;
        Assert.That((double?)deteriorating["respiratoryRate"], Is.Not.Null);
        Assert.That(await new Database(service).CountAsync("monitor_samples"), Is.GreaterThan(0));
    }
}
