using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// Another process holds the database's write lock: a write waits at most the write timeout and is then
/// answered 503 with Retry-After and a type naming the cause; readiness says not ready meanwhile; once
/// the lock is released the very next write succeeds (no break window refusing a healthy store).
/// </summary>
public sealed class LockedStoreTests
{
    private ServiceProcess _service = null!;
    private HttpClient _nurse = null!;
    private Guid _admission;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
        {
            ["Monitoring__Database__WriteTimeoutSeconds"] = "3",
        });
        // The setup is not under test: on a busy machine its first writes may miss the short deadline, and are sent again.
        _nurse = await FaultScenario.AgainWhenBusyAsync(() => FaultScenario.NurseWithPatientAsync(_service, "LCK"));
        _admission = await FaultScenario.AgainWhenBusyAsync(() => FaultScenario.AdmitAsync(_nurse, "LCK"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _nurse.Dispose();
        await _service.DisposeAsync();
    }

    [Test]
    public async Task A_write_on_a_locked_store_is_answered_503_in_time_and_the_next_write_after_release_succeeds()
    {
        var before = await new Database(_service).CountAsync("observations");
        await using (await FaultScenario.HoldWriteLockAsync(_service))
        {
            var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _nurse.PostAsJsonAsync($"/api/admissions/{_admission}/vitals", FaultScenario.Vitals())));
            foreach (var refused in writes)
            {
                var problem = await FaultScenario.AssertUnavailableAsync(refused);
                Assert.That((string?)problem["type"], Does.Contain("store-busy"));
                refused.Dispose();
            }
            using var ready = await _service.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready while the store cannot be written");
        }

        using var accepted = await _nurse.PostAsJsonAsync($"/api/admissions/{_admission}/vitals", FaultScenario.Vitals());
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
        Assert.That(await new Database(_service).CountAsync("observations"), Is.EqualTo(before + 1), "the refused writes stored nothing");
        using var readyAgain = await _service.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(readyAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

}

/// <summary>Set-up shared by the fault tests: a ward, a nurse, a patient, and what a 503 must carry.</summary>
public static class FaultScenario
{
    /// <summary>Sends a setup write again, as a client would after 503 store-busy, up to five times.</summary>
    public static async Task<T> AgainWhenBusyAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (InvalidOperationException busy) when (attempt < 5 && busy.Message.Contains("answered 503", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public static async Task<HttpClient> NurseWithPatientAsync(ServiceProcess service, string ward)
    {
        using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = ward, beds = new[] { $"{ward}-01", $"{ward}-02" } });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "fault-nurse-password", role = "nurse", wards = new[] { ward } });
        return await service.SignedInAsync($"nurse-{ward}", "fault-nurse-password");
    }

    public static async Task<Guid> AdmitAsync(HttpClient nurse, string ward, int bed = 1)
    {
        var body = new
        {
            mrn = $"M{Guid.NewGuid():N}"[..12],
            displayName = "Fault Patient",
            dateOfBirth = "1980-01-01",
            ward,
            bed = $"{ward}-{bed:00}",
            substances = new[] { "opioid" },
            spo2Scale = 1,
            admittedAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"),
        };
        return Guid.Parse((string)(await ServiceProcess.PostOkAsync(nurse, "/api/admissions", body))["id"]!);
    }

    public static Dictionary<string, object?> Vitals(DateTimeOffset? observedAt = null) => new()
    {
        ["observedAt"] = (observedAt ?? DateTimeOffset.UtcNow.AddSeconds(-30)).ToString("O"),
        ["respiratoryRate"] = 16,
        ["spo2"] = 97,
        ["onOxygen"] = false,
        ["systolicBp"] = 124,
        ["diastolicBp"] = 78,
        ["heartRate"] = 72,
        ["temperatureC"] = 36.8m,
        ["consciousness"] = "A",
        ["sedation"] = "1",
    };

    // What another process does when it opens the file and starts writing: it takes SQLite's write lock.
    public static async Task<SqliteConnection> HoldWriteLockAsync(ServiceProcess service)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(service.DataPath, "monitoring.db")};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE; UPDATE store_probes SET probes = probes + 1;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>503, problem+json with a type naming the cause, and a Retry-After in seconds.</summary>
    public static async Task<JsonObject> AssertUnavailableAsync(HttpResponseMessage response, string typePrefix = "urn:monitoring:problem:store-")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After in seconds");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.That((string?)problem["type"], Does.StartWith(typePrefix), text);
        return problem;
    }
}
