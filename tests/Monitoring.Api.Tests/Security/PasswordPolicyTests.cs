using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class PasswordPolicyTests(Store store) : ApiTest(store)
{
    [TestCase("password1234", TestName = "Common password password1234 is refused")]
    [TestCase("aaaaaaaaaaaa", TestName = "Repeated character password is refused")]
    [TestCase("Qwertyuiop12", TestName = "Keyboard row password is refused")]
    [TestCase("!Welcome2024", TestName = "Common stem with digits and symbols is refused")]
    [TestCase("short-pw", TestName = "Password under 12 characters is refused")]
    [TestCase("{username}2024!", TestName = "The username as a password is refused")]
    public async Task Weak_passwords_are_400(string password)
    {
        var username = Unique("policy");
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username, password = password.Replace("{username}", username, StringComparison.Ordinal), role = "manager" });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "password");
        Assert.That(await Db.CountAsync("users", "username = @Username", new { Username = username }), Is.Zero);
    }

    [Test]
    public async Task A_long_uncommon_password_is_accepted()
    {
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username = Unique("policy"), password = "heron-lantern-quarry-7", role = "manager" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }
}
