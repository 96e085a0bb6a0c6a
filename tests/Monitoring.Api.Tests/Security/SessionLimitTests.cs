using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>Idle and absolute session limits, on a service whose clock the test moves.</summary>
[TestFixture]
public sealed class SessionLimitTests
{
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await InProcessService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    private async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var client = _service.CreateClient();
        return await client.PostAsJsonAsync(path, body);
    }

    private async Task<string> SignInAsync()
    {
        using var response = await PostAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;
    }

    [Test]
    public async Task A_session_left_alone_for_30_minutes_ends()
    {
        var refresh = await SignInAsync();
        _service.Clock.Advance(TimeSpan.FromMinutes(29));
        using var inTime = await PostAsync("/api/auth/refresh", new { refreshToken = refresh });
        Assert.That(inTime.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        refresh = (string)(await inTime.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;

        _service.Clock.Advance(TimeSpan.FromMinutes(31));
        using var late = await PostAsync("/api/auth/refresh", new { refreshToken = refresh });

        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_session_ends_12_hours_after_sign_in_however_often_it_is_refreshed()
    {
        var refresh = await SignInAsync();
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20))
        {
            _service.Clock.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            using var response = await PostAsync("/api/auth/refresh", new { refreshToken = refresh });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"after {elapsed}");
            refresh = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;
        }

        _service.Clock.Advance(TimeSpan.FromHours(12) - elapsed);
        using var expired = await PostAsync("/api/auth/refresh", new { refreshToken = refresh });

        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
