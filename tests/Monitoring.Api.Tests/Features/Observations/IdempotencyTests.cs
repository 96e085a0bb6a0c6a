using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

public sealed class IdempotencyTests(Store store) : ApiTest(store)
{
    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Test]
    public async Task Same_key_and_body_returns_the_first_result()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        var vitals = NormalVitals();
        var key = Guid.NewGuid().ToString();

        using var first = await nurse.SendAsync(Post($"/api/admissions/{admission}/vitals", vitals, key));
        using var second = await nurse.SendAsync(Post($"/api/admissions/{admission}/vitals", vitals, key));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)(await ReadObjectAsync(second))["id"], Is.EqualTo((string?)(await ReadObjectAsync(first))["id"]));
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
    }

    [Test]
    public async Task Same_key_with_another_body_is_409_and_stores_nothing_more()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        var key = Guid.NewGuid().ToString();
        var changed = NormalVitals();
        changed["respiratoryRate"] = 18;

        using var first = await nurse.SendAsync(Post($"/api/admissions/{admission}/vitals", NormalVitals(), key));
        using var second = await nurse.SendAsync(Post($"/api/admissions/{admission}/vitals", changed, key));

        await AssertProblemAsync(second, HttpStatusCode.Conflict);
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
    }

    [Test]
    public async Task Retry_storm_from_several_clients_stores_exactly_one_reading()
    {
        var ward = await NewWardAsync();
        var username = Unique("storm");
        const string Password = "storm-password-123";
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role = "nurse", wards = new[] { ward.Code } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var token = await TokenAsync(username, Password);
        var clients = Enumerable.Range(0, 5).Select(_ => Service.CreateClient(token)).ToList();
        var admission = await AdmitAsync(clients[0], ward);
        var vitals = NormalVitals();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await clients[i % clients.Count].SendAsync(Post($"/api/admissions/{admission}/vitals", vitals, key));
            return (response.StatusCode, Id: (string?)(await ReadObjectAsync(response))["id"]);
        }));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        Assert.That(responses.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
        clients.ForEach(client => client.Dispose());
    }

    [Test]
    public async Task Keys_belong_to_their_user()
    {
        var ward = await NewWardAsync(beds: 2);
        using var first = await SignInAsync("nurse", ward.Code);
        using var second = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(first, ward);
        var key = Guid.NewGuid().ToString();

        using var a = await first.SendAsync(Post($"/api/admissions/{admission}/vitals", NormalVitals(), key));
        using var b = await second.SendAsync(Post($"/api/admissions/{admission}/vitals", NormalVitals(), key));

        Assert.That((string?)(await ReadObjectAsync(a))["id"], Is.Not.EqualTo((string?)(await ReadObjectAsync(b))["id"]));
    }

    [Test]
    public async Task Overlong_key_is_400_and_stores_nothing()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var response = await nurse.SendAsync(Post($"/api/admissions/{admission}/vitals", NormalVitals(), new string('k', 201)));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }
}
