using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>
/// Two instances behind one load balancer share their sign-in counts through Redis: guesses spread over
/// both lock the username as guesses at one would. Without Redis reachable, sign-in still works.
/// </summary>
[NonParallelizable]
public sealed class SharedThrottleTests
{
    private RedisServer? _redis;

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (RedisServer.Executable is null)
        {
            Assert.Ignore("Shared throttle test not run: redis-server is missing (tests/tools/install-test-deps.sh installs it).");
        }
        _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [Test]
    public async Task Failures_spread_over_two_instances_lock_the_username_on_both_with_the_real_remaining_time()
    {
        var environment = new Dictionary<string, string> { ["Monitoring__Redis"] = _redis!.Configuration };
        await using var a = await ServiceProcess.StartAsync(Store.Sqlite, environment: environment);
        await using var b = await ServiceProcess.StartAsync(Store.Sqlite, environment: environment);
        var username = $"spread-{Guid.NewGuid():N}";
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await (i % 2 == 0 ? clientA : clientB).PostAsJsonAsync("/api/auth/token", new { username, password = $"guess-{i}-password" });
            answers.Add(failed.StatusCode);
        }
        using var onA = await clientA.PostAsJsonAsync("/api/auth/token", new { username, password = "guess-5-password" });
        using var onB = await clientB.PostAsJsonAsync("/api/auth/token", new { username, password = "guess-6-password" });

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(onA.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "A saw the two failures made at B");
            Assert.That(onB.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "B saw the three failures made at A");
            Assert.That(onB.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        });
    }

    [Test]
    public async Task With_redis_unreachable_the_service_starts_and_an_alarm_reaches_a_board_on_it()
    {
        // Port 1 answers nobody: Redis is away from the start, as after a restart of the whole rack.
        var environment = new Dictionary<string, string> { ["Monitoring__Redis"] = "127.0.0.1:1" };
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: environment);
        var ward = "RD" + Random.Shared.Next(10_000, 99_999);
        using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = "Redis away", beds = new[] { $"{ward}-01" } });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "redis-away-password-1", role = "nurse", wards = new[] { ward } });
        var token = await service.TokenAsync($"nurse-{ward}", "redis-away-password-1");
        using var nurse = service.CreateClient(token);
        var admission = (string)(await ServiceProcess.PostOkAsync(nurse, "/api/admissions",
            new { mrn = $"R{ward}", displayName = "R", dateOfBirth = "1980-01-01", ward, bed = $"{ward}-01", substances = new[] { "opioid" } }))["id"]!;
        await using var board = new WardListener(service.BaseAddress, token);
        await board.JoinAsync(ward);

        await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/vitals", FailoverDrill.Vitals(respiratoryRate: 7, sedation: "3"));

        Assert.That(async () => await board.WaitForAsync(e => (string?)e["type"] == "alertRaised", TimeSpan.FromSeconds(15)), Throws.Nothing);
    }

    [Test]
    public async Task With_redis_unreachable_sign_in_works_and_this_instance_counts_alone()
    {
        // Port 1 answers nobody: the shared state is away from the start.
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string> { ["Monitoring__Redis"] = "127.0.0.1:1" });
        using var client = service.CreateClient();
        using var admin = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });
        var username = $"alone-{Guid.NewGuid():N}";
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/auth/token", new { username, password = $"guess-{i}-password" });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var locked = await client.PostAsJsonAsync("/api/auth/token", new { username, password = "guess-5-password" });

        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK), await admin.Content.ReadAsStringAsync());
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        // The log line is written by the service's own output pump: give it a moment to arrive.
        for (var wait = 0; wait < 100 && !service.Output.Contains("Redis cannot be reached", StringComparison.Ordinal); wait++)
        {
            await Task.Delay(100);
        }
        Assert.That(service.Output, Does.Contain("Redis cannot be reached"), "the operator is told the count is not shared");
    }
}
