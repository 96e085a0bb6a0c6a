using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Audit;

public sealed class AuditTrailTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Reads_and_writes_of_a_patient_are_recorded_with_who_and_from_where()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var vitals = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        var observation = (string)(await ReadObjectAsync(vitals))["id"]!;
        using var _ = await nurse.GetAsync(new Uri($"/api/admissions/{admission}", UriKind.Relative));
        using var __ = await nurse.GetAsync(new Uri($"/api/admissions/{admission}/timeline", UriKind.Relative));
        using var ___ = await nurse.PostAsJsonAsync($"/api/observations/{observation}/entered-in-error", new { reason = "test" });

        var rows = await Db.QueryAsync<AuditRow>(
            "SELECT action AS Action, username AS Username, role AS Role, client_address AS ClientAddress FROM audit_log WHERE admission_id = @Id",
            new { Id = Db.Id(admission) });

        Assert.That(rows.Select(r => r.Action), Is.SupersetOf(new[] { "admission.created", "vitals.recorded", "admission.read", "timeline.read", "observation.entered-in-error" }));
        Assert.That(rows.Select(r => r.Role), Is.All.EqualTo("nurse"));
        Assert.That(rows.Select(r => r.Username), Is.All.StartWith("nurse"));
        Assert.That(rows.Select(r => r.ClientAddress), Is.All.Not.Null.And.All.Contains("127.0.0.1"));
    }

    [Test]
    public async Task The_database_runs_in_write_ahead_logging()
    {
        if (Store != Store.Sqlite)
        {
            Assert.Ignore("SQLite only.");
        }
        var mode = await Db.QueryAsync<string>("PRAGMA journal_mode");
        Assert.That(mode.Single(), Is.EqualTo("wal"));
    }

    private sealed record AuditRow
    {
        public string Action { get; init; } = "";
        public string? Username { get; init; }
        public string? Role { get; init; }
        public string? ClientAddress { get; init; }
    }
}
