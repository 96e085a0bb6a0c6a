using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>The client's address behind a known proxy is what throttling and the audit see; from anyone else the header is ignored.</summary>
public sealed class ForwardedHeadersTests
{
    private ServiceProcess _behindProxy = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _behindProxy = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
    {
        ["Monitoring__ForwardedHeaders__KnownProxies"] = "127.0.0.1",
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _behindProxy.DisposeAsync();

    [Test]
    public async Task Behind_a_known_proxy_the_forwarded_client_address_is_audited() =>
        Assert.That(await FailedSignInAddressAsync(_behindProxy), Is.EqualTo("203.0.113.7"));

    [Test]
    public async Task Without_known_proxies_a_forwarded_address_is_ignored() =>
        Assert.That(await FailedSignInAddressAsync(await SharedServices.GetAsync(Store.Sqlite)), Is.EqualTo("127.0.0.1"));

    [Test]
    public async Task A_username_locked_by_someone_else_still_signs_in_from_its_own_device_and_retry_after_is_the_real_wait()
    {
        var username = $"owner{Guid.NewGuid():N}"[..20];
        using (var admin = await _behindProxy.SignedInAsync("admin", ServiceProcess.AdminPassword))
        {
            await ServiceProcess.PostOkAsync(admin, "/api/users", new { username, password = "owner-secret-phrase-1", role = "manager", wards = Array.Empty<string>() });
        }
        using var client = _behindProxy.CreateClient();
        Assert.That((await SignInFromAsync(client, "198.51.100.4", username, "owner-secret-phrase-1")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner's device");

        for (var i = 0; i < 5; i++)
        {
            using var guess = await SignInFromAsync(client, "203.0.113.9", username, $"guess-{i}-password");
            Assert.That(guess.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var locked = await SignInFromAsync(client, "203.0.113.9", username, "owner-secret-phrase-1");
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)), "the time until the oldest failure leaves the 15-minute window");
        var problem = await locked.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.That((string?)problem!["type"], Is.EqualTo("urn:monitoring:problem:too-many-attempts"));

        using var owner = await SignInFromAsync(client, "198.51.100.4", username, "owner-secret-phrase-1");
        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the lock cannot be used against the owner on a device they signed in from");
    }

    [Test]
    public async Task Hsts_is_sent_when_tls_ended_at_the_known_proxy_and_never_over_plain_http()
    {
        using var client = _behindProxy.CreateClient();
        using var overTls = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        overTls.Headers.Add("X-Forwarded-Proto", "https");
        // The name the proxy serves; HSTS is never sent for localhost or loopback addresses.
        overTls.Headers.Host = "monitoring.hospital.example";
        using var secure = await client.SendAsync(overTls);
        using var plain = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.That(secure.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age=31536000"));
        Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    private static async Task<HttpResponseMessage> SignInFromAsync(HttpClient client, string address, string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    private static async Task<string?> FailedSignInAddressAsync(ServiceProcess service)
    {
        var username = $"nobody{Guid.NewGuid():N}"[..20];
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username, password = "wrong-password-123" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var rows = await new Database(service).QueryAsync<string?>("SELECT client_address FROM audit_log WHERE username = @Username", new { Username = username });
        Assert.That(rows, Has.Count.EqualTo(1));
        return rows[0];
    }
}
