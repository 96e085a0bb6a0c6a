using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// The database's disk fills up (a real tmpfs, filled by a file): writes are answered 503 with Retry-After
/// and the cause, readiness says not ready, the fault is logged once and then counted, nothing acknowledged
/// is lost, reads go on while their audit rows can be held, and writes resume as soon as space comes back.
/// </summary>
public sealed class FullDiskTests
{
    private const int PendingLimit = 5;

    private SmallDisk? _disk;
    private ServiceProcess? _service;

    [OneTimeSetUp]
    public void MountDisk() => _disk = SmallDisk.MountOrIgnore(megabytes: 40);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        _disk?.Dispose();
    }

    [Test]
    public async Task A_full_disk_is_answered_503_with_its_cause_and_writes_resume_when_space_returns()
    {
        _service = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: _disk!.Path, environment: new Dictionary<string, string>
        {
            ["Monitoring__Database__MinFreeMegabytes"] = "8",
            ["Monitoring__Audit__PendingLimit"] = PendingLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var nurse = await FaultScenario.NurseWithPatientAsync(_service, "FULL");
        var admission = await FaultScenario.AdmitAsync(nurse, "FULL");
        var acknowledged = 0L;

        _disk.Fill();
        using (var ready = await _service.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready with the disk full");
        }
        HttpResponseMessage? refused = null;
        var start = DateTimeOffset.UtcNow.AddMinutes(-100);
        for (var batch = 0; batch < 60 && refused is null; batch++)
        {
            var readings = Enumerable.Range(0, 100).Select(i => FaultScenario.Vitals(start.AddSeconds((batch * 100) + i))).ToList();
            var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/batch", new { readings });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged += 100;
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }
        Assert.That(refused, Is.Not.Null, "the disk filled up before 6,000 readings");
        var problem = await FaultScenario.AssertUnavailableAsync(refused!);
        Assert.That((string?)problem["type"], Does.Contain("store-disk-full"));
        refused!.Dispose();
        // Repeats are refused at once by the breaker, or probe the store and fail again: the same answer.
        for (var i = 0; i < 20; i++)
        {
            using var again = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals());
            var repeated = await FaultScenario.AssertUnavailableAsync(again);
            Assert.That((string?)repeated["type"], Does.Contain("store-disk-full"));
        }
        Assert.That(Regex.Count(_service.Output, "Requests are answered 503"), Is.EqualTo(1), "the fault is logged once, then counted:\n" + _service.Output);
        Assert.That(_service.Output, Does.Not.Contain("   at "), "no stack traces in the log");

        // Reads go on: their audit rows wait in memory, up to the limit; past it reads are refused, never unaudited.
        for (var i = 0; i < PendingLimit; i++)
        {
            using var read = await nurse.GetAsync(new Uri($"/api/admissions/{admission}", UriKind.Relative));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());
        }
        using (var refusedRead = await nurse.GetAsync(new Uri($"/api/admissions/{admission}", UriKind.Relative)))
        {
            var readProblem = await FaultScenario.AssertUnavailableAsync(refusedRead);
            Assert.That((string?)readProblem["type"], Does.Contain("store-disk-full"));
        }

        _disk.Free();
        using (var accepted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals()))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the first write after space returns is taken: " + await accepted.Content.ReadAsStringAsync());
        }
        using (var ready = await _service.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var stored = await new Database(_service).CountAsync("observations", "admission_id = @Id", new { Id = admission.ToString("D") });
        Assert.That(stored, Is.EqualTo(acknowledged + 1), "every acknowledged reading is stored, none of the refused ones");
        var audited = 0L;
        for (var wait = 0; wait < 150 && audited < PendingLimit; wait++)
        {
            await Task.Delay(200);
            audited = await new Database(_service).CountAsync("audit_log", "action = 'admission.read' AND admission_id = @Id", new { Id = admission.ToString("D") });
        }
        Assert.That(audited, Is.EqualTo(PendingLimit), "the held audit rows are written once space returns; the refused read has none");
    }
}
