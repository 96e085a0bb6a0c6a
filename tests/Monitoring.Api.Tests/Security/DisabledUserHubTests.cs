using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>A dashboard open when its user is disabled stops receiving at once and cannot join a ward again.</summary>
public sealed class DisabledUserHubTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task A_disabled_users_open_board_is_disconnected_and_cannot_join_again()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var username = Unique("physician");
        using var admin = await AdminAsync();
        using (var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "physician-password-2", role = "physician", wards = new[] { ward.Code } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var token = await TokenAsync(username, "physician-password-2");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var board = new HubConnectionBuilder()
            .WithUrl(new Uri(Service.BaseAddress, "/hubs/ward"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        board.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var heard = new List<string>();
        board.On<System.Text.Json.Nodes.JsonObject>("observationRecorded", e =>
        {
            lock (heard)
            {
                heard.Add((string)e["admissionId"]!);
            }
        });
        await board.StartAsync();
        await board.InvokeAsync<System.Text.Json.Nodes.JsonObject>("JoinWard", ward.Code, (long?)null);

        using (var disabled = await admin.PostAsync(new Uri($"/api/users/{new JsonWebToken(token).Subject}/disable", UriKind.Relative), null))
        {
            Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Its connection is gone; a new one with the same token is refused before any hub call.
        var admission = await AdmitAsync(nurse, ward);
        using (var charted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals()))
        {
            Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        await using var again = new HubConnectionBuilder()
            .WithUrl(new Uri(Service.BaseAddress, "/hubs/ward"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        Assert.That(async () => await again.StartAsync(), Throws.InstanceOf<HttpRequestException>());
        lock (heard)
        {
            Assert.That(heard, Does.Not.Contain(admission.ToString()));
        }
    }
}
