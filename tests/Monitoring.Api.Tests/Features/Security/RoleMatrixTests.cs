using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Security;

/// <summary>Every endpoint against every role: the contract's "who" column, enforced.</summary>
public sealed class RoleMatrixTests(Store store) : ApiTest(store)
{
    private const string Anonymous = "anonymous";

    private TestWard _ward = null!;
    private Guid _admission;
    private Guid _observation;
    private Guid _alert;
    private readonly Dictionary<string, HttpClient> _clients = [];

    [OneTimeSetUp]
    public async Task PrepareAsync()
    {
        _ward = await NewWardAsync(beds: 8);
        foreach (var role in new[] { "nurse", "physician", "manager" })
        {
            _clients[role] = await SignInAsync(role, role == "manager" ? [] : [_ward.Code]);
        }
        _clients["admin"] = await AdminAsync();
        _clients[Anonymous] = Service.CreateClient();
        _admission = await AdmitAsync(_clients["nurse"], _ward);
        var alarming = NormalVitals();
        alarming["respiratoryRate"] = 7;
        using var vitals = await _clients["nurse"].PostAsJsonAsync($"/api/admissions/{_admission}/vitals", alarming);
        var body = await ReadObjectAsync(vitals);
        _observation = Guid.Parse((string)body["id"]!);
        _alert = Guid.Parse((string)body["alerts"]![0]!["id"]!);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static IEnumerable<TestCaseData> Matrix()
    {
        // endpoint, roles allowed (others get 403; anonymous 401)
        yield return Case("POST /api/users", "admin");
        yield return Case("POST /api/wards", "admin");
        yield return Case("GET /api/wards", "nurse physician manager admin");
        yield return Case("POST /api/admissions", "nurse physician");
        yield return Case("GET /api/admissions/{admission}", "nurse physician manager admin");
        yield return Case("POST /api/admissions/{admission}/vitals", "nurse");
        yield return Case("POST /api/admissions/{admission}/vitals/batch", "nurse");
        yield return Case("POST /api/admissions/{admission}/cows", "nurse");
        yield return Case("POST /api/admissions/{admission}/ciwa-ar", "nurse");
        yield return Case("GET /api/scales", "nurse physician manager admin");
        yield return Case("POST /api/observations/{observation}/entered-in-error", "nurse physician");
        yield return Case("GET /api/admissions/{admission}/timeline", "nurse physician");
        yield return Case("GET /api/wards/{ward}/alerts", "nurse physician manager admin");
        yield return Case("POST /api/alerts/{alert}/acknowledge", "nurse physician");
        yield return Case("POST /api/alerts/{alert}/resolve", "nurse physician");
        yield return Case("GET /api/wards/{ward}/census", "nurse physician manager admin");
        yield return Case("GET /api/wards/{ward}/board", "nurse physician manager admin");
        yield return Case("GET /api/wards/{ward}/my-beds", "nurse physician");
        yield return Case("PUT /api/wards/{ward}/settings", "admin");
        yield return Case("POST /api/admissions/{admission}/doses", "nurse physician");
        yield return Case("GET /api/admissions/{admission}/doses", "nurse physician");
        yield return Case("GET /api/medications", "nurse physician manager admin");
        yield return Case("POST /api/admissions/{admission}/observations-not-done", "nurse");
        yield return Case("PUT /api/admissions/{admission}/substances", "nurse physician");
    }

    private static TestCaseData Case(string endpoint, string allowed) => new TestCaseData(endpoint, allowed).SetName($"Role matrix: {endpoint}");

    [TestCaseSource(nameof(Matrix))]
    public async Task Only_the_listed_roles_get_through(string endpoint, string allowed)
    {
        var allowedRoles = allowed.Split(' ');
        foreach (var (role, client) in _clients)
        {
            var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]
                .Replace("{admission}", _admission.ToString(), StringComparison.Ordinal)
                .Replace("{observation}", _observation.ToString(), StringComparison.Ordinal)
                .Replace("{alert}", _alert.ToString(), StringComparison.Ordinal)
                .Replace("{ward}", _ward.Code, StringComparison.Ordinal));
            // An empty JSON object reaches authorisation first and is refused by validation afterwards.
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = JsonContent.Create(new { });
            }
            using var response = await client.SendAsync(request);

            var expected = role == Anonymous ? "401" : allowedRoles.Contains(role) ? "allowed" : "403";
            var actual = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "401",
                HttpStatusCode.Forbidden => "403",
                _ => "allowed",
            };
            Assert.That(actual, Is.EqualTo(expected), $"{role} {endpoint} answered {(int)response.StatusCode}");
        }
    }

    [Test]
    public async Task A_nurse_of_another_ward_cannot_read_chart_or_acknowledge()
    {
        var other = await NewWardAsync();
        using var outsider = await SignInAsync("nurse", other.Code);

        using var read = await outsider.GetAsync(new Uri($"/api/admissions/{_admission}", UriKind.Relative));
        using var timeline = await outsider.GetAsync(new Uri($"/api/admissions/{_admission}/timeline", UriKind.Relative));
        using var chart = await outsider.PostAsJsonAsync($"/api/admissions/{_admission}/vitals", NormalVitals());
        using var chartBatch = await outsider.PostAsJsonAsync($"/api/admissions/{_admission}/vitals/batch", new { readings = new[] { NormalVitals() } });
        using var alerts = await outsider.GetAsync(new Uri($"/api/wards/{_ward.Code}/alerts", UriKind.Relative));
        using var acknowledge = await outsider.PostAsJsonAsync($"/api/alerts/{_alert}/acknowledge", new { note = "not mine" });

        // Ids of another ward's patients and alerts answer like ids that do not exist; ward codes are no secret.
        foreach (var response in new[] { read, timeline, chart, chartBatch, acknowledge })
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
        await AssertProblemAsync(alerts, HttpStatusCode.Forbidden);
    }
}
