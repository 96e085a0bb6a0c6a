using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Users;

public sealed class CreateUserTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Admin_creates_a_nurse_who_can_sign_in_and_sees_only_her_ward()
    {
        var ward = await NewWardAsync();
        var other = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);

        var wards = await nurse.GetFromJsonAsync<List<System.Text.Json.Nodes.JsonObject>>("/api/wards");

        Assert.That(wards!.Select(w => (string)w["code"]!), Does.Contain(ward.Code).And.Not.Contain(other.Code));
    }

    [Test]
    public async Task Password_is_stored_hashed()
    {
        var ward = await NewWardAsync();
        var username = Unique("hashcheck");
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username, password = "correct-horse-battery", role = "nurse", wards = new[] { ward.Code } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var hashes = await Db.QueryAsync<string>("SELECT password_hash FROM users WHERE username = @username", new { username });
        Assert.That(hashes.Single(), Does.Not.Contain("correct-horse-battery").And.Length.GreaterThan(40));
    }

    [TestCase("", "a-long-enough-password", "nurse", "username")]
    [TestCase("ok-name", "short", "nurse", "password")]
    [TestCase("ok-name", "a-long-enough-password", "surgeon", "role")]
    public async Task Invalid_user_is_400_and_nothing_stored(string username, string password, string role, string field)
    {
        var ward = await NewWardAsync();
        var before = await Db.CountAsync("users");
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username = username.Length > 0 ? Unique(username) : "", password, role, wards = new[] { ward.Code } });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("users"), Is.EqualTo(before));
    }

    [Test]
    public async Task Nurse_without_ward_is_400()
    {
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username = Unique("nurse"), password = "a-long-enough-password", role = "nurse", wards = Array.Empty<string>() });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "wards");
    }

    [Test]
    public async Task Unknown_ward_is_400_and_nothing_stored()
    {
        var before = await Db.CountAsync("users");
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username = Unique("nurse"), password = "a-long-enough-password", role = "nurse", wards = new[] { "NOPE" } });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "wards");
        Assert.That(await Db.CountAsync("users"), Is.EqualTo(before));
    }

    [Test]
    public async Task Taken_username_is_409()
    {
        var username = Unique("twice");
        using var admin = await AdminAsync();
        using var first = await admin.PostAsJsonAsync("/api/users", new { username, password = "a-long-enough-password", role = "manager", wards = Array.Empty<string>() });
        using var second = await admin.PostAsJsonAsync("/api/users", new { username, password = "a-long-enough-password", role = "manager", wards = Array.Empty<string>() });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertProblemAsync(second, HttpStatusCode.Conflict);
    }
}
