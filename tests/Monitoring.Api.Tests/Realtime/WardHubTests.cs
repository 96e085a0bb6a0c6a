using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

public sealed class WardHubTests(Store store) : ApiTest(store)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    private static Dictionary<string, object?> Depressed()
    {
        var vitals = NormalVitals();
        vitals["respiratoryRate"] = 7;
        vitals["sedation"] = "3";
        return vitals;
    }

    private async Task<(TestWard Ward, HttpClient Nurse, string PhysicianToken)> WardWithStaffAsync(int beds = 4)
    {
        var ward = await NewWardAsync(beds);
        var nurse = await SignInAsync("nurse", ward.Code);
        var username = Unique("physician");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "physician-password-1", role = "physician", wards = new[] { ward.Code } });
        }
        return (ward, nurse, await TokenAsync(username, "physician-password-1"));
    }

    [Test]
    public async Task Joined_dashboard_receives_alert_raised_for_rr_7()
    {
        var (ward, nurse, token) = await WardWithStaffAsync();
        await using var dashboard = new WardListener(Service.BaseAddress, token);
        var joined = await dashboard.JoinAsync(ward.Code);
        Assert.That(joined["snapshot"]!["board"]!["beds"]!.AsArray(), Has.Count.EqualTo(4));

        var admission = await AdmitAsync(nurse, ward);
        using var _ = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed());

        var raised = await dashboard.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["code"] == "respiratory-depression", Generous);
        Assert.That((string?)raised["alert"]!["priority"], Is.EqualTo("high"));
        Assert.That((string?)raised["ward"], Is.EqualTo(ward.Code));
        nurse.Dispose();
    }

    [Test]
    public async Task A_dashboard_ahead_of_the_wards_last_number_gets_the_snapshot_not_an_empty_catch_up()
    {
        var (ward, nurse, token) = await WardWithStaffAsync();
        var admission = await AdmitAsync(nurse, ward);
        using (var _ = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", Depressed()))
        {
        }
        await using var dashboard = new WardListener(Service.BaseAddress, token);

        // Numbers this database does not have (a restore, a lost WAL tail): a catch-up "since" them would
        // drop the events that reuse them as already seen.
        var joined = await dashboard.JoinAsync(ward.Code, since: 1_000_000);

        Assert.That(joined["snapshot"], Is.Not.Null);
        Assert.That(joined["snapshot"]!["alerts"]!.AsArray().Select(alert => (string?)alert!["code"]), Does.Contain("respiratory-depression"));
        nurse.Dispose();
    }

    [Test]
    public async Task Dashboard_of_ward_a_hears_nothing_of_ward_b()
    {
        var (wardA, nurseA, tokenA) = await WardWithStaffAsync();
        var (wardB, nurseB, _) = await WardWithStaffAsync();
        await using var dashboardA = new WardListener(Service.BaseAddress, tokenA);
        await dashboardA.JoinAsync(wardA.Code);

        var inB = await AdmitAsync(nurseB, wardB);
        using var __ = await nurseB.PostAsJsonAsync($"/api/admissions/{inB}/vitals", Depressed());
        // A marker on ward A proves delivery is working while B's events stay away.
        var inA = await AdmitAsync(nurseA, wardA);
        await dashboardA.WaitForAsync(e => (string?)e["admissionId"] == inA.ToString(), Generous);

        Assert.That(dashboardA.Events.Select(e => (string?)e["ward"]), Is.All.EqualTo(wardA.Code));
        nurseA.Dispose();
        nurseB.Dispose();
    }

    [Test]
    public async Task A_heartbeat_is_answered_with_the_services_time()
    {
        var (ward, nurse, token) = await WardWithStaffAsync();
        await using var dashboard = new WardListener(Service.BaseAddress, token);
        await dashboard.JoinAsync(ward.Code);
        var before = DateTimeOffset.UtcNow;
        var at = await dashboard.HeartbeatAsync();
        Assert.That(at, Is.InRange(before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5)));
        nurse.Dispose();
    }

    [Test]
    public async Task No_token_is_refused()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(Service.BaseAddress, "/hubs/ward")).Build();
        Assert.That(async () => await connection.StartAsync(), Throws.InstanceOf<HttpRequestException>());
        await connection.DisposeAsync();
    }

    [Test]
    public async Task A_ward_the_user_is_not_assigned_to_is_refused()
    {
        var (_, nurse, token) = await WardWithStaffAsync();
        var other = await NewWardAsync();
        await using var dashboard = new WardListener(Service.BaseAddress, token);
        Assert.That(async () => await dashboard.JoinAsync(other.Code), Throws.InstanceOf<HubException>().With.Message.Contains("not assigned"));
        nurse.Dispose();
    }

    [Test]
    public async Task Reconnected_dashboard_receives_the_ten_alerts_it_missed_exactly_once_in_order()
    {
        var (ward, nurse, token) = await WardWithStaffAsync(beds: 10);
        var admissions = new List<Guid>();
        for (var bed = 0; bed < 10; bed++)
        {
            admissions.Add(await AdmitAsync(nurse, ward, bed));
        }
        await using var dashboard = new WardListener(Service.BaseAddress, token);
        await dashboard.JoinAsync(ward.Code);
        var before = dashboard.LastSequence;
        await dashboard.StopAsync();

        foreach (var admission in admissions)
        {
            var rr7 = NormalVitals();
            rr7["respiratoryRate"] = 7;
            rr7["spo2"] = 97;
            using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", rr7);
        }

        await dashboard.JoinAsync(ward.Code, before);
        // A dispatcher resend after reconnecting must be dropped, not counted twice. One more event, written after
        // the ten, reaches the dashboard after any resend of them (each board hears its events in sequence order).
        using (var pause = await nurse.PostAsJsonAsync($"/api/wards/{ward.Code}/audio-pause", new { reason = "Alarm being assessed" }))
        {
            Assert.That(pause.IsSuccessStatusCode, Is.True, await pause.Content.ReadAsStringAsync());
        }
        await dashboard.WaitForAsync(e => (string?)e["type"] == "audioPaused", Generous);

        var raised = dashboard.Events.Where(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["code"] == "respiratory-depression").ToList();
        Assert.That(raised, Has.Count.EqualTo(10));
        Assert.That(raised.Select(e => (string?)e["admissionId"]), Is.EquivalentTo(admissions.Select(a => a.ToString())));
        var sequences = dashboard.Events.Select(e => (long)e["sequence"]!).ToList();
        Assert.That(sequences, Is.Ordered.And.Unique);
        Assert.That(sequences, Is.EqualTo(Enumerable.Range((int)before + 1, sequences.Count).Select(s => (long)s)), "no gaps");
        nurse.Dispose();
    }
}
