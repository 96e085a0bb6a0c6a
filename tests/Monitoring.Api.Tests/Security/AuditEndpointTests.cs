using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class AuditEndpointTests(Store store) : ApiTest(store)
{
    private static async Task<JsonObject> ReadAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync(new Uri("/api/audit?" + query, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private static IReadOnlyList<JsonObject> Entries(JsonObject page) => [.. page["entries"]!.AsArray().Select(entry => entry!.AsObject())];

    [Test]
    public async Task An_admin_reads_an_admissions_trail_newest_first_a_page_at_a_time()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        for (var i = 0; i < 3; i++)
        {
            using var read = await nurse.GetAsync(new Uri($"/api/admissions/{admission}", UriKind.Relative));
        }
        using var admin = await AdminAsync();

        var all = Entries(await ReadAsync(admin, $"admissionId={admission}"));
        var first = await ReadAsync(admin, $"admissionId={admission}&limit=2");
        var second = await ReadAsync(admin, $"admissionId={admission}&limit=2&before={first["nextBefore"]}");

        Assert.That(all, Has.Count.EqualTo(4), "admitted, then read three times");
        Assert.That(all.Select(e => (long)e["id"]!), Is.Ordered.Descending);
        Assert.That((string)all[^1]["action"]!, Is.EqualTo("admission.created"));
        Assert.That(all.Select(e => (string)e["outcome"]!), Has.All.EqualTo("allowed"));
        Assert.That(Entries(first).Concat(Entries(second)).Select(e => (long)e["id"]!), Is.EqualTo(all.Select(e => (long)e["id"]!)));
        Assert.That(second["nextBefore"], Is.Null);
    }

    [Test]
    public async Task Filters_by_user_outcome_action_and_time()
    {
        var ward = await NewWardAsync();
        var username = Unique("nurse");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "audit-filter-phrase-2", role = "nurse", wards = new[] { ward.Code } });
        }
        using var nurse = Service.CreateClient(await TokenAsync(username, "audit-filter-phrase-2"));
        using (var refused = await nurse.GetAsync(new Uri("/api/audit", UriKind.Relative)))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }
        using (var anonymous = Service.CreateClient())
        using (var failed = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = "not-this-one-123" }))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var reader = await AdminAsync();

        var refusedRows = Entries(await ReadAsync(reader, $"user={username}&outcome=refused"));
        var failedRows = Entries(await ReadAsync(reader, $"user={username}&outcome=failed-sign-in&action=sign-in.failed"));
        var future = Entries(await ReadAsync(reader, $"user={username}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"));
        var past = Entries(await ReadAsync(reader, $"user={username}&until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}"));

        Assert.That(refusedRows.Select(e => (string)e["resource"]!), Has.Some.EqualTo("GET /api/audit"));
        Assert.That(refusedRows.Select(e => (string)e["clientAddress"]!), Has.All.EqualTo("127.0.0.1"));
        Assert.That(failedRows, Has.Count.EqualTo(1));
        Assert.That(future, Is.Empty);
        Assert.That(past, Is.Empty);
    }

    [TestCase("outcome=maybe", "outcome")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until")]
    public async Task Bad_filters_are_400_naming_the_field(string query, string field)
    {
        using var admin = await AdminAsync();
        using var response = await admin.GetAsync(new Uri("/api/audit?" + query, UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}
