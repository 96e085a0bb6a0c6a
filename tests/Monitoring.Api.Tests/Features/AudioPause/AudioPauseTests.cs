using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.AudioPause;

public sealed class AudioPauseTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task A_nurse_pauses_the_ward_alarm_for_two_minutes_with_a_reason_that_every_board_sees_and_the_audit_keeps()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        await using var board = new WardListener(Service.BaseAddress, await BoardTokenAsync(ward.Code));
        await board.JoinAsync(ward.Code);

        using var response = await nurse.PostAsJsonAsync($"/api/wards/{ward.Code}/audio-pause", new { reason = "At the bedside" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var pause = await ReadObjectAsync(response);
        var pausedAt = DateTimeOffset.Parse((string)pause["pausedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var until = DateTimeOffset.Parse((string)pause["until"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(until - pausedAt, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That((string)pause["reason"]!, Is.EqualTo("At the bedside"));
        Assert.That((string)pause["pausedBy"]!, Does.StartWith("nurse"));

        await board.WaitForAsync(e => (string?)e["type"] == "audioPaused", TimeSpan.FromSeconds(10));
        var view = (await nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/board"))!;
        Assert.That((string)view["audioPause"]!["reason"]!, Is.EqualTo("At the bedside"));

        var audited = await Db.QueryAsync<string>("SELECT resource FROM audit_log WHERE action = 'ward.audio-paused' AND username LIKE 'nurse%'");
        Assert.That(audited, Has.Some.Contains($"ward/{ward.Code}/audio-pause/{pause["id"]}"));
    }

    [Test]
    public async Task A_pause_needs_a_reason_and_a_clinician()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        using var manager = await SignInAsync("manager");
        using var empty = await nurse.PostAsJsonAsync($"/api/wards/{ward.Code}/audio-pause", new { reason = " " });
        await AssertProblemAsync(empty, HttpStatusCode.BadRequest, "reason");
        using var refused = await manager.PostAsJsonAsync($"/api/wards/{ward.Code}/audio-pause", new { reason = "Quiet please" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var view = (await nurse.GetFromJsonAsync<JsonObject>($"/api/wards/{ward.Code}/board"))!;
        Assert.That(view["audioPause"], Is.Null);
    }

    private async Task<string> BoardTokenAsync(string ward)
    {
        using var admin = await AdminAsync();
        var username = Unique("board");
        using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "board-password-12", role = "physician", wards = new[] { ward } });
        created.EnsureSuccessStatusCode();
        return await TokenAsync(username, "board-password-12");
    }
}
