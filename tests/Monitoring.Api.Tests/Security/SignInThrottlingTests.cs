using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>
/// Lockouts on a service of their own: every test client comes from 127.0.0.1, and the address limit
/// it exhausts here must not lock the shared service for the rest of the suite.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SignInThrottlingTests : OwnServiceTest
{
    [Test]
    [Order(1)]
    public async Task An_unknown_username_costs_as_long_as_a_wrong_password()
    {
        var username = await CreateUserAsync("timing", "timing-secret-phrase-1");
        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            unknown.Add(await FailedSignInMillisecondsAsync($"nobody-{Guid.NewGuid():N}", "wrong-password-12345"));
            wrong.Add(await FailedSignInMillisecondsAsync(username, "wrong-password-12345"));
        }
        var ratio = Median(unknown) / Median(wrong);
        Assert.That(ratio, Is.InRange(0.5, 2.0), $"unknown {string.Join(", ", unknown)} ms; wrong password {string.Join(", ", wrong)} ms");
    }

    [Test]
    [Order(2)]
    public async Task Five_failures_lock_the_username_even_for_the_right_password_and_are_audited()
    {
        var username = await CreateUserAsync("locked", "locked-secret-phrase-1");
        using var client = Service.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/auth/token", new { username, password = $"not-it-{i}-password" });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i + 1}");
        }

        using var right = await client.PostAsJsonAsync("/api/auth/token", new { username, password = "locked-secret-phrase-1" });
        using var otherCase = await client.PostAsJsonAsync("/api/auth/token", new { username = username.ToUpperInvariant(), password = "x-password-wrong" });

        foreach (var response in new[] { right, otherCase })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero), "Retry-After");
        }
        var db = new Database(Service);
        var rows = await db.QueryAsync<(string Outcome, string? ClientAddress)>(
            "SELECT outcome, client_address FROM audit_log WHERE username = @Username OR username = @Upper", new { Username = username, Upper = username.ToUpperInvariant() });
        Assert.That(rows.Count(row => row.Outcome == "failed-sign-in"), Is.EqualTo(5));
        Assert.That(rows.Count(row => row.Outcome == "locked-out"), Is.GreaterThanOrEqualTo(3), "the lockout and both refused attempts");
        Assert.That(rows.Select(row => row.ClientAddress), Has.All.EqualTo("127.0.0.1"));
    }

    [Test]
    [Order(3)]
    public async Task Successful_sign_ins_do_not_count()
    {
        var username = await CreateUserAsync("often", "often-secret-phrase-1");
        for (var i = 0; i < 12; i++)
        {
            await TokenAsync(username, "often-secret-phrase-1");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private async Task<double> FailedSignInMillisecondsAsync(string username, string password)
    {
        using var client = Service.CreateClient();
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        return elapsed;
    }

}

/// <summary>The address limit of 127.0.0.1, exhausted on a service that nothing else signs in to.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AddressThrottlingTests : OwnServiceTest
{
    [Test]
    public async Task Twenty_failures_from_one_address_in_a_minute_lock_that_address()
    {
        var username = await CreateUserAsync("spray", "spray-secret-phrase-1");
        using var client = Service.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++)
        {
            // A different username each time: only the address limit can stop this spray.
            using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = $"spray-{i}-{Guid.NewGuid():N}", password = "guess-password-123" });
            answers.Add(response.StatusCode);
        }
        using var right = await client.PostAsJsonAsync("/api/auth/token", new { username, password = "spray-secret-phrase-1" });

        Assert.That(answers.Take(20), Has.All.Not.EqualTo(HttpStatusCode.TooManyRequests), "the first 20 are checked");
        Assert.That(answers.Skip(20), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(right.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }
}

public abstract class OwnServiceTest
{
    private ServiceProcess _service = null!;

    protected ServiceProcess Service => _service;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await ServiceProcess.StartAsync(Store.Sqlite);

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    protected async Task<string> CreateUserAsync(string prefix, string password)
    {
        var username = $"{prefix}{Random.Shared.Next(10_000, 99_999)}";
        using var admin = _service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        using var response = await admin.PostAsJsonAsync("/api/users", new { username, password, role = "manager", wards = Array.Empty<string>() });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return username;
    }

    protected async Task<string> TokenAsync(string username, string password)
    {
        using var client = _service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accessToken"]!;
    }
}
