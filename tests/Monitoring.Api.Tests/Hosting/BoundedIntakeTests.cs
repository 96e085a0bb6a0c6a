using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>
/// Past the intake's capacity (here one write at a time, no queue, while the store is held so that the one
/// write in progress cannot finish) every further write is answered 503 with Retry-After at once, and nothing
/// of it is stored.
/// </summary>
public sealed class BoundedIntakeTests
{
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
    {
        ["Monitoring__Database__WriteTimeoutSeconds"] = "2",
        ["Monitoring__Intake__MaxConcurrentWrites"] = "1",
        ["Monitoring__Intake__QueueLength"] = "0",
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task Writes_past_capacity_are_refused_at_once_with_retry_after_and_store_nothing()
    {
        using var nurse = await FaultScenario.NurseWithPatientAsync(_service, "CAP");
        var admission = await FaultScenario.AdmitAsync(nurse, "CAP");
        var before = await new Database(_service).CountAsync("observations");

        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(_service.DataPath, "monitoring.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE; UPDATE store_probes SET probes = probes + 1;";
                await begin.ExecuteNonQueryAsync();
            }
            var first = nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals());
            // The first write is in (waiting for the store) once readiness, which writes too, is refused.
            using (var ready = await _service.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            }
            var rest = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals())));
            var overloaded = 0;
            foreach (var response in rest)
            {
                var problem = await FaultScenario.AssertUnavailableAsync(response, typePrefix: "urn:monitoring:problem:");
                overloaded += (string?)problem["type"] == "urn:monitoring:problem:overloaded" ? 1 : 0;
                response.Dispose();
            }
            Assert.That(overloaded, Is.GreaterThanOrEqualTo(9), "refused at the door while the one permitted write waits");
            (await first).Dispose();
        }

        Assert.That(await new Database(_service).CountAsync("observations"), Is.EqualTo(before), "nothing refused was stored");
        using var accepted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals());
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
    }
}
