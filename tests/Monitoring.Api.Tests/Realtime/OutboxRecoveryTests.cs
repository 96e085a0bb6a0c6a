using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// Commits whose events were never pushed (the process died first) reach dashboards after a restart.
/// Runs its own service process, since it kills it.
/// </summary>
[TestFixture(Store.Sqlite)]
public sealed class OutboxRecoveryTests(Store store)
{
    [Test]
    public async Task Events_committed_but_not_sent_before_a_kill_are_delivered_after_restart()
    {
        StoreRequirements.RequireAvailable(store);
        await using var service = await ServiceProcess.StartAsync(store);
        var db = new Database(service);
        using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        const string Ward = "KILL";
        using (var created = await admin.PostAsJsonAsync("/api/wards", new { code = Ward, name = "Kill test", beds = new[] { "KILL-01" } }))
        using (var user = await admin.PostAsJsonAsync("/api/users", new { username = "kill-nurse", password = "kill-nurse-password", role = "nurse", wards = new[] { Ward } }))
        {
            Assert.That(created.IsSuccessStatusCode && user.IsSuccessStatusCode, Is.True);
        }
        var token = await service.TokenAsync("kill-nurse", "kill-nurse-password");
        using var nurse = service.CreateClient(token);
        using var admit = await nurse.PostAsJsonAsync("/api/admissions", new { mrn = "KILL1", displayName = "K", dateOfBirth = "1980-01-01", ward = Ward, bed = "KILL-01", substances = new[] { "opioid" } });
        var admission = (string)(await admit.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!;
        var vitals = new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = 7, spo2 = 97, onOxygen = false, systolicBp = 120, diastolicBp = 80, heartRate = 70, temperatureC = 36.8, consciousness = "A", sedation = "3" };
        using var charted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        Assert.That(charted.IsSuccessStatusCode, Is.True);
        service.Kill();

        // Make the crash window real: as if the process died after commit and before the dispatcher sent anything.
        await db.ExecuteAsync("UPDATE outbox SET sent_at = NULL WHERE ward_code = @Ward", new { Ward });
        var unsent = await db.CountAsync("outbox", "ward_code = @Ward AND type = 'alertRaised'", new { Ward });
        Assert.That(unsent, Is.GreaterThan(0));

        await service.StartAgainAsync();
        await using var dashboard = new WardListener(service.BaseAddress, token);
        await dashboard.JoinAsync(Ward, since: 0);
        var raised = await dashboard.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["code"] == "respiratory-depression", TimeSpan.FromSeconds(15));
        Assert.That((string?)raised["admissionId"], Is.EqualTo(admission));

        // And the restarted dispatcher itself sends what the dead process left unsent.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await db.CountAsync("outbox", "ward_code = @Ward AND sent_at IS NULL", new { Ward }) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.That(await db.CountAsync("outbox", "ward_code = @Ward AND sent_at IS NULL", new { Ward }), Is.Zero);
    }
}
