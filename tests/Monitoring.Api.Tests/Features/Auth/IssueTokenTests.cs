using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Auth;

public sealed class IssueTokenTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task First_start_admin_signs_in_with_the_configured_password()
    {
        using var client = Service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await ReadObjectAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["accessToken"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)body["role"], Is.EqualTo("admin"));
            // Short-lived access, renewed through the refresh token.
            Assert.That(DateTimeOffset.Parse((string)body["expiresAt"]!), Is.InRange(DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddMinutes(15.5)));
            Assert.That((string?)body["refreshToken"], Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public async Task Wrong_password_is_401_problem()
    {
        using var client = Service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "not-the-password" });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Unknown_user_is_401_problem()
    {
        using var client = Service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "nobody-here", password = "whatever-password" });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Missing_fields_are_400_with_errors()
    {
        using var client = Service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "" });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "password");
    }

    [Test]
    public async Task Api_without_token_is_401_problem()
    {
        using var client = Service.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/wards", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Forged_token_is_401()
    {
        using var client = Service.CreateClient("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl");
        using var response = await client.GetAsync(new Uri("/api/wards", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Health_needs_no_token()
    {
        using var client = Service.CreateClient();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
