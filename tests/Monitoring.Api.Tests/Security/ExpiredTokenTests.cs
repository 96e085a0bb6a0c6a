using System.Net;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class ExpiredTokenTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task An_expired_token_is_refused_without_describing_it()
    {
        // A genuine token of the service, signed with its own key, that expired an hour ago.
        var key = Convert.FromBase64String((await File.ReadAllTextAsync(Path.Combine(Service.DataPath, "jwt-signing.key"))).Trim());
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "monitoring",
            Audience = "monitoring",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("name", "admin"), new Claim("role", "admin")]),
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            Expires = now.AddHours(-1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        using var client = Service.CreateClient(token);

        using var response = await client.GetAsync(new Uri("/api/wards", UriKind.Relative));

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var challenge = string.Join(" ", response.Headers.WwwAuthenticate.Select(value => value.ToString()));
        Assert.That(challenge, Does.Not.Contain("error").And.Not.Contain("expired"), "WWW-Authenticate");
        Assert.That(body, Does.Not.Contain("expired").IgnoreCase.And.Not.Contain("lifetime").IgnoreCase.And.Not.Contain("IDX"));
    }
}
