using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class RefusalAuditTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Every_refused_request_on_patient_and_admin_routes_leaves_an_audit_row()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var anonymous = Service.CreateClient();
        using var forged = Service.CreateClient("not-a-token");
        var marker = Guid.NewGuid();

        using var noToken = await anonymous.GetAsync(new Uri($"/api/admissions/{admission}?probe={marker}", UriKind.Relative));
        using var badToken = await forged.GetAsync(new Uri($"/api/admissions/{admission}/timeline", UriKind.Relative));
        using var wrongRole = await nurse.PostAsJsonAsync("/api/users", new { username = Unique("x"), password = "whatever-password-9", role = "admin" });
        Assert.That(new[] { noToken.StatusCode, badToken.StatusCode, wrongRole.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden }));

        var rows = await Db.QueryAsync<(string Action, string Outcome, string? Username, string? Resource, string? ClientAddress)>(
            "SELECT action, outcome, username, resource, client_address FROM audit_log WHERE outcome = 'refused' AND (resource LIKE @Admission OR (action = 'refused.403' AND resource = 'POST /api/users'))",
            new { Admission = $"% /api/admissions/{admission}%" });
        Assert.That(rows.Select(row => row.Action), Is.SupersetOf(new[] { "refused.401", "refused.403" }));
        Assert.That(rows.Count(row => row.Action == "refused.401"), Is.EqualTo(2));
        Assert.That(rows.Where(row => row.Action == "refused.403").Select(row => row.Username), Has.Some.StartsWith("nurse"));
        Assert.That(rows.Select(row => row.ClientAddress), Has.All.EqualTo("127.0.0.1"));
    }
}
