using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>
/// The service trusting a hospital identity provider: here one the test runs itself on a loopback port,
/// with its own discovery document and signing keys, since no real provider runs on this machine.
/// </summary>
[TestFixture]
public sealed class SingleSignOnTests
{
    private const string Audience = "monitoring-api";
    private TestIdentityProvider _provider = null!;
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        _service = await ServiceProcess.StartAsync(Store.Sqlite, [
            $"--Monitoring:Oidc:Authority={_provider.Issuer}",
            $"--Monitoring:Oidc:Audience={Audience}",
            "--Monitoring:Oidc:RequireHttpsMetadata=false",
            "--Monitoring:Oidc:RoleClaim=groups",
            "--Monitoring:Oidc:WardClaim=ward_codes",
            "--Monitoring:Oidc:Roles:nurse=detox-nurses",
            "--Monitoring:Oidc:Roles:physician=detox-doctors",
        ]);
        using var admin = _service.CreateClient(await LocalTokenAsync());
        using var ward = await admin.PostAsJsonAsync("/api/wards", new { code = "SSO", name = "Ward SSO", beds = new[] { "SSO-01", "SSO-02" } });
        using var other = await admin.PostAsJsonAsync("/api/wards", new { code = "OTHER", name = "Ward OTHER", beds = new[] { "OTHER-01" } });
        Assert.That(new[] { ward.StatusCode, other.StatusCode }, Has.All.EqualTo(HttpStatusCode.Created));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private async Task<string> LocalTokenAsync()
    {
        using var anonymous = _service.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServiceProcess.AdminPassword });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (string)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accessToken"]!;
    }

    [Test]
    public async Task A_provider_token_maps_role_and_wards_and_the_nurse_charts_on_her_ward_only()
    {
        var token = _provider.Token("nurse-sub-1", "jo.bloggs", ["detox-nurses", "staff"], ["SSO"]);
        using var nurse = _service.CreateClient(token);

        using var wards = await nurse.GetAsync(new Uri("/api/wards", UriKind.Relative));
        using var admitted = await nurse.PostAsJsonAsync("/api/admissions", new { mrn = "SSO-MRN-1", displayName = "Sso Patient", dateOfBirth = "1980-01-01", ward = "SSO", bed = "SSO-01", substances = new[] { "opioid" } });
        using var elsewhere = await nurse.PostAsJsonAsync("/api/admissions", new { mrn = "SSO-MRN-2", displayName = "Sso Patient", dateOfBirth = "1980-01-01", ward = "OTHER", bed = "OTHER-01", substances = new[] { "opioid" } });
        using var admin = await nurse.PostAsJsonAsync("/api/users", new { username = "x-user", password = "whatever-phrase-12", role = "admin" });

        Assert.That(wards.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await admitted.Content.ReadAsStringAsync());
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var db = new Database(_service);
        Assert.That(await db.CountAsync("audit_log", "action = 'admission.created' AND username = 'sso:jo.bloggs' AND role = 'nurse'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_hospital_account_named_admin_is_not_taken_for_the_local_admin_in_the_audit()
    {
        var token = _provider.Token("admin-sub-1", "admin", ["detox-nurses"], ["SSO"]);
        using var impostor = _service.CreateClient(token);
        using var read = await impostor.GetAsync(new Uri("/api/wards/SSO/alerts?status=active", UriKind.Relative));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());

        var db = new Database(_service);
        var names = await db.QueryAsync<string>("SELECT DISTINCT a.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.external_subject LIKE '%|admin-sub-1'");
        Assert.That(names, Is.EqualTo(new[] { "sso:admin" }));
    }

    [Test]
    public async Task Local_accounts_keep_working_alongside()
    {
        using var admin = _service.CreateClient(await LocalTokenAsync());
        using var response = await admin.GetAsync(new Uri("/api/wards", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Signing_out_ends_that_provider_token_here_and_no_other(bool withTokenId)
    {
        var subject = $"out-{withTokenId}";
        var first = _provider.Token(subject, $"leaving-{withTokenId}", ["detox-nurses"], ["SSO"], tokenId: withTokenId ? Guid.NewGuid().ToString() : null);
        var second = _provider.Token(subject, $"leaving-{withTokenId}", ["detox-nurses"], ["SSO"], lifetime: TimeSpan.FromMinutes(11), tokenId: withTokenId ? Guid.NewGuid().ToString() : null);
        using var before = _service.CreateClient(first);
        using var other = _service.CreateClient(second);
        using var working = await before.GetAsync(new Uri("/api/wards", UriKind.Relative));

        using var signedOut = await before.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);
        using var after = await before.GetAsync(new Uri("/api/wards", UriKind.Relative));
        using var stillSignedIn = await other.GetAsync(new Uri("/api/wards", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(working.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the signed-out token is refused from then on");
            Assert.That(stillSignedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another token of the same person is another session");
        });
        var db = new Database(_service);
        Assert.That(await db.CountAsync("audit_log", $"action = 'session.signed-out' AND username = 'sso:leaving-{withTokenId}'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_provider_token_opens_a_board_on_its_ward_and_signing_out_closes_it()
    {
        var token = _provider.Token("board-sub", "board.nurse", ["detox-nurses"], ["SSO"], tokenId: Guid.NewGuid().ToString());
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var board = new HubConnectionBuilder()
            .WithUrl(new Uri(_service.BaseAddress, "/hubs/ward"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        board.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await board.StartAsync();
        var joined = await board.InvokeAsync<System.Text.Json.Nodes.JsonObject>("JoinWard", "SSO", (long?)null);
        Assert.That(async () => await board.InvokeAsync<System.Text.Json.Nodes.JsonObject>("JoinWard", "OTHER", (long?)null), Throws.InstanceOf<HubException>());

        using var nurse = _service.CreateClient(token);
        using var signedOut = await nurse.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);

        Assert.That(joined, Is.Not.Null);
        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(async () => await closed.Task.WaitAsync(TimeSpan.FromSeconds(30)), Throws.Nothing, "the board of the ended session is disconnected");
    }

    [Test]
    public async Task A_provider_token_that_lives_longer_than_a_shift_is_401()
    {
        using var day = _service.CreateClient(_provider.Token("s6", "e", ["detox-nurses"], ["SSO"], lifetime: TimeSpan.FromHours(24)));
        using var refused = await day.GetAsync(new Uri("/api/wards", UriKind.Relative));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "24 h is over Monitoring:Oidc:MaxTokenLifetimeMinutes' default of 720");

        using var shift = _service.CreateClient(_provider.Token("s6", "e", ["detox-nurses"], ["SSO"], lifetime: TimeSpan.FromHours(12)));
        using var accepted = await shift.GetAsync(new Uri("/api/wards", UriKind.Relative));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Tokens_for_another_audience_signed_by_another_key_expired_or_without_a_role_are_401()
    {
        var tokens = new Dictionary<string, string>
        {
            ["other audience"] = _provider.Token("s2", "a", ["detox-nurses"], ["SSO"], audience: "another-api"),
            ["foreign key"] = _provider.Token("s3", "b", ["detox-nurses"], ["SSO"], foreignKey: true),
            ["expired"] = _provider.Token("s4", "c", ["detox-nurses"], ["SSO"], lifetime: TimeSpan.FromMinutes(-10)),
            ["no mapped role"] = _provider.Token("s5", "d", ["visitors"], ["SSO"]),
        };
        foreach (var (name, token) in tokens)
        {
            using var client = _service.CreateClient(token);
            using var response = await client.GetAsync(new Uri("/api/wards", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), name);
        }
    }
}

/// <summary>A minimal OpenID provider: discovery document, JWKS, and tokens signed with its RSA key.</summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private TestIdentityProvider(WebApplication app, RsaSecurityKey key, string issuer)
    {
        _app = app;
        _key = key;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = $"http://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["jwks_uri"] = $"{issuer}/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new TestIdentityProvider(app, key, address);
    }

    public string Token(string subject, string username, string[] groups, string[] wards, string audience = "monitoring-api", bool foreignKey = false, TimeSpan? lifetime = null, string? tokenId = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        var claims = new List<Claim> { new("sub", subject), new("preferred_username", username) };
        claims.AddRange(groups.Select(group => new Claim("groups", group)));
        claims.AddRange(wards.Select(ward => new Claim("ward_codes", ward)));
        if (tokenId is not null)
        {
            claims.Add(new Claim("jti", tokenId));
        }
        var key = foreignKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
