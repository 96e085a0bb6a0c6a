using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Alerts;

/// <summary>Escalation responses: what was done about an alert, when, by whom; and the outcome a resolution gives.</summary>
[NonParallelizable]
public sealed class AlertResponseTests() : FakeClockWardTest("R1", "R1-01", "R1-02")
{
    private const string Password = "response-password-3";

    private async Task<(string Admission, string AlertId)> RespiratoryDepressionAsync()
    {
        var admission = await AdmitAsync();
        using var vitals = await PostVitalsAsync(admission, rate: 7);
        Assert.That(vitals.StatusCode, Is.EqualTo(HttpStatusCode.Created), await vitals.Content.ReadAsStringAsync());
        var alert = await AlertAsync("respiratory-depression");
        return (admission, (string)alert!["id"]!);
    }

    private async Task<string> UserTokenAsync(string role, params string[] wards)
    {
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var username = $"{role}-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, wards });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return await TokenAsync(anonymous, username, Password);
    }

    private Task<HttpResponseMessage> RespondAsync(HttpClient client, string alertId, object body) =>
        client.PostAsJsonAsync($"/api/alerts/{alertId}/responses", body);

    private async Task<JsonArray> ResponsesAsync(string alertId) =>
        (await AlertsAsync("respiratory-depression")).Single(alert => (string?)alert["id"] == alertId)["responses"]!.AsArray();

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field, string words)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }), body);
        Assert.That((string)errors[field]![0]!, Does.Contain(words));
    }

    [Test]
    public async Task A_response_is_listed_on_the_alert_pushed_to_the_board_and_audited()
    {
        var (admission, alertId) = await RespiratoryDepressionAsync();
        var physician = await UserTokenAsync("physician", Ward);
        await using var board = new WardListener(Service.BaseAddress, physician);
        await board.JoinAsync(Ward);
        // Signed in before the clock moves on: tokens are issued on the service's clock.
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        Service.Clock.Advance(TimeSpan.FromMinutes(3));
        var calledAt = Service.Clock.GetUtcNow() - TimeSpan.FromMinutes(2);

        using var response = await RespondAsync(Nurse, alertId, new { action = "called-physician", at = calledAt.ToString("O"), note = "Dr Okafor, coming" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        var recorded = JsonNode.Parse(text)!["responses"]!.AsArray().Single()!;
        Assert.That((string?)recorded["action"], Is.EqualTo("called-physician"));
        Assert.That(DateTimeOffset.Parse((string)recorded["at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(calledAt));
        Assert.That((string?)recorded["note"], Is.EqualTo("Dr Okafor, coming"));
        Assert.That((string?)recorded["recordedBy"], Is.EqualTo("r1-nurse"));
        Assert.That((string?)(await AlertAsync("respiratory-depression"))!["status"], Is.EqualTo("active"), "a response does not acknowledge");
        Assert.That((await ResponsesAsync(alertId)).Select(r => (string?)r!["action"]), Is.EqualTo(new[] { "called-physician" }));

        var pushed = await board.WaitForAsync(e => (string?)e["type"] == "alertChanged" && (string?)e["alert"]!["id"] == alertId
            && e["alert"]!["responses"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15));
        Assert.That((string?)pushed["alert"]!["responses"]![0]!["action"], Is.EqualTo("called-physician"));

        var trail = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?admissionId={admission}");
        Assert.That(trail!["entries"]!.AsArray().Select(e => (string?)e!["action"]), Has.Some.EqualTo("alert.response-recorded"));
    }

    [Test]
    public async Task Responses_are_listed_in_the_order_they_happened_and_at_defaults_to_now()
    {
        var (_, alertId) = await RespiratoryDepressionAsync();
        Service.Clock.Advance(TimeSpan.FromMinutes(10));
        var now = Service.Clock.GetUtcNow();

        using var first = await RespondAsync(Nurse, alertId, new { action = "naloxone-given" });
        using var second = await RespondAsync(Nurse, alertId, new { action = "reviewed-at-bedside", at = (now - TimeSpan.FromMinutes(5)).ToString("O") });

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), await second.Content.ReadAsStringAsync());
        var responses = await ResponsesAsync(alertId);
        Assert.That(responses.Select(r => (string?)r!["action"]), Is.EqualTo(new[] { "reviewed-at-bedside", "naloxone-given" }));
        Assert.That(DateTimeOffset.Parse((string)responses[1]!["at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(now));
    }

    [TestCase("paged-the-registrar", "action", "action is one of")]
    [TestCase(null, "action", "action is one of")]
    [TestCase("other", "note", "Say what was done")]
    public async Task An_unknown_action_is_refused_naming_the_field_and_nothing_is_stored(string? action, string field, string words)
    {
        var (_, alertId) = await RespiratoryDepressionAsync();

        using var response = await RespondAsync(Nurse, alertId, new { action });

        await AssertProblemAsync(response, field, words);
        Assert.That(await ResponsesAsync(alertId), Is.Empty);
    }

    [Test]
    public async Task At_may_be_24_hours_back_but_not_a_second_more()
    {
        var (_, alertId) = await RespiratoryDepressionAsync();
        Service.Clock.Advance(TimeSpan.FromHours(30));
        var now = Service.Clock.GetUtcNow();

        using var tooOld = await RespondAsync(Nurse, alertId, new { action = "called-physician", at = (now - TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)).ToString("O") });
        await AssertProblemAsync(tooOld, "at", "more than 24 h ago");
        Assert.That(await ResponsesAsync(alertId), Is.Empty);

        using var oldest = await RespondAsync(Nurse, alertId, new { action = "called-physician", at = (now - TimeSpan.FromHours(24)).ToString("O") });
        Assert.That(oldest.StatusCode, Is.EqualTo(HttpStatusCode.Created), await oldest.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task At_may_not_be_before_the_alert_nor_in_the_future()
    {
        var (_, alertId) = await RespiratoryDepressionAsync();
        var raisedAt = DateTimeOffset.Parse((string)(await AlertAsync("respiratory-depression"))!["raisedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Service.Clock.Advance(TimeSpan.FromMinutes(30));

        using var before = await RespondAsync(Nurse, alertId, new { action = "reviewed-at-bedside", at = (raisedAt - TimeSpan.FromSeconds(1)).ToString("O") });
        await AssertProblemAsync(before, "at", "before the alert was raised");
        using var future = await RespondAsync(Nurse, alertId, new { action = "reviewed-at-bedside", at = (Service.Clock.GetUtcNow() + TimeSpan.FromMinutes(6)).ToString("O") });
        await AssertProblemAsync(future, "at", "in the future");
        Assert.That(await ResponsesAsync(alertId), Is.Empty);

        using var atRaise = await RespondAsync(Nurse, alertId, new { action = "reviewed-at-bedside", at = raisedAt.ToString("O") });
        Assert.That(atRaise.StatusCode, Is.EqualTo(HttpStatusCode.Created), await atRaise.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Nurses_and_physicians_of_the_ward_respond_others_may_not()
    {
        var (_, alertId) = await RespiratoryDepressionAsync();
        using var physician = Service.CreateClient(await UserTokenAsync("physician", Ward));
        using var manager = Service.CreateClient(await UserTokenAsync("manager"));
        using (var anonymous = Service.CreateClient())
        using (var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword)))
        using (var created = await admin.PostAsJsonAsync("/api/wards", new { code = "X9", name = "Ward X9", beds = new[] { "X9-01" } }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var otherWardNurse = Service.CreateClient(await UserTokenAsync("nurse", "X9"));

        using var byManager = await RespondAsync(manager, alertId, new { action = "other", note = "spoke to the family" });
        using var byStranger = await RespondAsync(otherWardNurse, alertId, new { action = "called-physician" });
        Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(byStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ResponsesAsync(alertId), Is.Empty);

        using var byPhysician = await RespondAsync(physician, alertId, new { action = "called-rapid-response" });
        Assert.That(byPhysician.StatusCode, Is.EqualTo(HttpStatusCode.Created), await byPhysician.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Resolving_takes_a_known_outcome_or_none()
    {
        var (_, alertId) = await RespiratoryDepressionAsync();

        using var unknown = await Nurse.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { note = "probe off the finger", outcome = "false-alarm" });
        await AssertProblemAsync(unknown, "outcome", "outcome is one of");
        Assert.That((string?)(await AlertAsync("respiratory-depression"))!["status"], Is.EqualTo("active"), "nothing changed");

        using var resolved = await Nurse.PostAsJsonAsync($"/api/alerts/{alertId}/resolve", new { note = "probe off the finger", outcome = "artefact" });
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resolved.Content.ReadAsStringAsync());
        Assert.That((string?)(await AlertAsync("respiratory-depression", "resolved"))!["outcome"], Is.EqualTo("artefact"));
    }
}
