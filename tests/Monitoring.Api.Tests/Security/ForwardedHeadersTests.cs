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
