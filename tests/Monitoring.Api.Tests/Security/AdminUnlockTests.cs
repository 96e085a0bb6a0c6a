using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>An admin unlocks a username that someone else's guesses locked; only an admin may, and it is audited.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AdminUnlockTests : OwnServiceTest
{
    private const string Password = "unlock-secret-phrase-1";

    [Test]
    public async Task An_admin_unlocks_a_locked_username_and_its_owner_signs_in_at_once()
    {
        using var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        var username = $"unlock{Random.Shared.Next(10_000, 99_999)}";
        var created = await ServiceProcess.PostOkAsync(admin, "/api/users", new { username, password = Password, role = "manager", wards = Array.Empty<string>() });
        var id = (string)created["id"]!;
        using var anonymous = Service.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = $"not-it-{i}-password" });
        }
        using (var locked = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = Password }))
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }

        using var manager = Service.CreateClient(await TokenAsync(await CreateUserAsync("unlocker", Password), Password));
        using (var refused = await manager.PostAsync(new Uri($"/api/users/{id}/unlock", UriKind.Relative), null))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        using (var stillLocked = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = Password }))
        {
            Assert.That(stillLocked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a refused unlock unlocks nothing");
        }

        using (var unlocked = await admin.PostAsync(new Uri($"/api/users/{id}/unlock", UriKind.Relative), null))
        {
            Assert.That(unlocked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        Assert.That(await TokenAsync(username, Password), Is.Not.Empty);
        var audit = await admin.GetFromJsonAsync<JsonNode>("/api/audit?action=user.unlocked");
        Assert.That(audit!.ToJsonString(), Does.Contain($"user/{id}"));
    }

    [Test]
    public async Task Unlocking_a_user_who_does_not_exist_is_a_404_problem()
    {
        using var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
        var missing = Guid.NewGuid();

        using var response = await admin.PostAsync(new Uri($"/api/users/{missing}/unlock", UriKind.Relative), null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var audit = await admin.GetFromJsonAsync<JsonNode>("/api/audit?action=user.unlocked");
        Assert.That(audit!.ToJsonString(), Does.Not.Contain(missing.ToString()), "nothing recorded as unlocked");
    }
}
