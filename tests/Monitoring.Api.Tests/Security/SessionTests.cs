using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class SessionTests(Store store) : ApiTest(store)
{
    private async Task<(string Username, string Password, JsonObject SignIn)> NewSessionAsync(string role = "nurse")
    {
        var ward = await NewWardAsync(beds: 1);
        var username = Unique(role);
        const string Password = "session-secret-phrase-4";
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, wards = new[] { ward.Code } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        return (username, Password, await SignInBodyAsync(username, Password));
    }

    private async Task<JsonObject> SignInBodyAsync(string username, string password)
    {
        using var anonymous = Service.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var anonymous = Service.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
    }

    private async Task<HttpStatusCode> ReadWardsAsync(string accessToken)
    {
        using var client = Service.CreateClient(accessToken);
        using var response = await client.GetAsync(new Uri("/api/wards", UriKind.Relative));
        return response.StatusCode;
    }

    [Test]
    public async Task Access_tokens_live_at_most_15_minutes()
    {
        var (_, _, signIn) = await NewSessionAsync();
        var token = new JsonWebToken((string)signIn["accessToken"]!);
        Assert.Multiple(() =>
        {
            Assert.That(token.ValidTo - token.IssuedAt, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(DateTimeOffset.Parse((string)signIn["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(15.5)));
            Assert.That((string?)signIn["refreshToken"], Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public async Task A_refresh_token_works_once_and_its_reuse_ends_the_session()
    {
        var (_, _, signIn) = await NewSessionAsync();
        var first = (string)signIn["refreshToken"]!;

        using var refreshed = await RefreshAsync(first);
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var next = await ReadObjectAsync(refreshed);
        Assert.That((string)next["refreshToken"]!, Is.Not.EqualTo(first));
        Assert.That(await ReadWardsAsync((string)next["accessToken"]!), Is.EqualTo(HttpStatusCode.OK));

        // The first token again: somebody kept a copy. The whole session ends, the thief's and the owner's.
        using var replayed = await RefreshAsync(first);
        await AssertProblemAsync(replayed, HttpStatusCode.Unauthorized);
        using var owner = await RefreshAsync((string)next["refreshToken"]!);
        await AssertProblemAsync(owner, HttpStatusCode.Unauthorized);
        Assert.That(await ReadWardsAsync((string)next["accessToken"]!), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Sign_out_ends_the_session_at_once()
    {
        var (_, _, signIn) = await NewSessionAsync();
        var access = (string)signIn["accessToken"]!;
        using var client = Service.CreateClient(access);

        using var signOut = await client.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);

        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ReadWardsAsync(access), Is.EqualTo(HttpStatusCode.Unauthorized));
        using var refresh = await RefreshAsync((string)signIn["refreshToken"]!);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_disabled_user_is_out_at_once_and_cannot_sign_in()
    {
        var (username, password, signIn) = await NewSessionAsync();
        var userId = new JsonWebToken((string)signIn["accessToken"]!).Subject;
        using var admin = await AdminAsync();

        using var disabled = await admin.PostAsync(new Uri($"/api/users/{userId}/disable", UriKind.Relative), null);

        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await disabled.Content.ReadAsStringAsync());
        Assert.That(await ReadWardsAsync((string)signIn["accessToken"]!), Is.EqualTo(HttpStatusCode.Unauthorized));
        using var refresh = await RefreshAsync((string)signIn["refreshToken"]!);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
        using var anonymous = Service.CreateClient();
        using var again = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });
        await AssertProblemAsync(again, HttpStatusCode.Unauthorized);
        Assert.That(await Db.CountAsync("audit_log", "action = 'user.disabled' AND resource = @Resource", new { Resource = $"user/{userId}" }), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_an_admin_disables_users()
    {
        var (_, _, signIn) = await NewSessionAsync();
        var userId = new JsonWebToken((string)signIn["accessToken"]!).Subject;
        using var nurse = await SignInAsync("nurse", (await NewWardAsync(beds: 1)).Code);
        using var refused = await nurse.PostAsync(new Uri($"/api/users/{userId}/disable", UriKind.Relative), null);
        await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.That(await ReadWardsAsync((string)signIn["accessToken"]!), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Changing_a_password_checks_the_old_one_the_policy_and_ends_every_session()
    {
        var (username, password, signIn) = await NewSessionAsync();
        var other = await SignInBodyAsync(username, password);
        using var client = Service.CreateClient((string)signIn["accessToken"]!);

        using var wrongCurrent = await client.PostAsJsonAsync("/api/users/me/password", new { currentPassword = "not-my-password-1", newPassword = "a-fresh-long-phrase-9" });
        await AssertProblemAsync(wrongCurrent, HttpStatusCode.BadRequest, "currentPassword");
        using var common = await client.PostAsJsonAsync("/api/users/me/password", new { currentPassword = password, newPassword = "password1234" });
        await AssertProblemAsync(common, HttpStatusCode.BadRequest, "newPassword");
        using var hasName = await client.PostAsJsonAsync("/api/users/me/password", new { currentPassword = password, newPassword = $"{username}2024!" });
        await AssertProblemAsync(hasName, HttpStatusCode.BadRequest, "newPassword");

        using var changed = await client.PostAsJsonAsync("/api/users/me/password", new { currentPassword = password, newPassword = "a-fresh-long-phrase-9" });

        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());
        Assert.That(await ReadWardsAsync((string)signIn["accessToken"]!), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ReadWardsAsync((string)other["accessToken"]!), Is.EqualTo(HttpStatusCode.Unauthorized));
        using var anonymous = Service.CreateClient();
        using var oldPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });
        await AssertProblemAsync(oldPassword, HttpStatusCode.Unauthorized);
        await SignInBodyAsync(username, "a-fresh-long-phrase-9");
    }

    [Test]
    public async Task Role_and_wards_come_from_the_user_table_not_from_the_token()
    {
        var (_, _, signIn) = await NewSessionAsync("nurse");
        var genuine = new JsonWebToken((string)signIn["accessToken"]!);
        // The service's own key signs a token for this nurse's open session that claims admin rights.
        var key = Convert.FromBase64String((await File.ReadAllTextAsync(Path.Combine(Service.DataPath, "jwt-signing.key"))).Trim());
        var now = DateTime.UtcNow;
        var inflated = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "monitoring",
            Audience = "monitoring",
            Subject = new ClaimsIdentity([
                new Claim("sub", genuine.Subject), new Claim("name", genuine.GetClaim("name").Value),
                new Claim("role", "admin"), new Claim("sid", genuine.GetClaim("sid").Value)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        using var client = Service.CreateClient(inflated);

        using var response = await client.PostAsJsonAsync("/api/wards", new { code = Unique("X"), name = "Not allowed", beds = new[] { "X-01" } });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
