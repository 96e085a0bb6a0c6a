using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

/// <summary>
/// A monitor's batch of readings is charted exactly as the same readings posted one by one (scores,
/// alerts, order, ward events), durably in one transaction, audited in one row; one bad reading refuses
/// the whole batch and stores nothing.
/// </summary>
public sealed class RecordVitalsBatchTests(Store store) : ApiTest(store)
{
    private HttpClient _nurse = null!;
    private TestWard _ward = null!;

    [SetUp]
    public async Task CreateWardAndNurseAsync()
    {
        _ward = await NewWardAsync(beds: 6);
        _nurse = await SignInAsync("nurse", _ward.Code);
    }

    [TearDown]
    public void DisposeClient() => _nurse.Dispose();

    private static string Path(Guid admission) => $"/api/admissions/{admission}/vitals/batch";

    private Task<long> ObservationsOf(Guid admission) => Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) });

    private Task<long> AuditRowsOf(Guid admission) => Db.CountAsync("audit_log", "admission_id = @Id AND action = 'vitals.recorded'", new { Id = Db.Id(admission) });

    /// <summary>Normal, normal, then respiratory depression (RR 7, POSS 3): a monitor's last three minutes.</summary>
    private static List<Dictionary<string, object?>> ThreeMinutes()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-3);
        var readings = Enumerable.Range(0, 3).Select(minute => NormalVitals(start.AddMinutes(minute))).ToList();
        readings[2]["respiratoryRate"] = 7;
        readings[2]["sedation"] = "3";
        return readings;
    }

    [Test]
    public async Task A_batch_is_charted_like_the_same_readings_posted_one_by_one()
    {
        var batched = await AdmitAsync(_nurse, _ward, bed: 0);
        var single = await AdmitAsync(_nurse, _ward, bed: 1);
        var readings = ThreeMinutes();

        using var response = await _nurse.PostAsJsonAsync(Path(batched), new { readings });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var answers = (await ReadObjectAsync(response))["readings"]!.AsArray();
        var oneByOne = new List<JsonObject>();
        foreach (var reading in readings)
        {
            using var posted = await _nurse.PostAsJsonAsync($"/api/admissions/{single}/vitals", reading);
            oneByOne.Add(await ReadObjectAsync(posted));
        }

        static string? Alerts(JsonNode answer) => string.Join(",", answer["alerts"]!.AsArray().Select(alert => $"{alert!["code"]}/{alert["priority"]}"));
        Assert.Multiple(async () =>
        {
            Assert.That(answers, Has.Count.EqualTo(3));
            Assert.That(answers.Select(a => (string?)a!["observedAt"]), Is.EqualTo(oneByOne.Select(a => (string?)a["observedAt"])), "in the order sent");
            Assert.That(answers.Select(a => a!["news2"]!.ToJsonString()), Is.EqualTo(oneByOne.Select(a => a["news2"]!.ToJsonString())));
            Assert.That(answers.Select(a => Alerts(a!)), Is.EqualTo(oneByOne.Select(a => Alerts(a))));
            Assert.That(Alerts(answers[2]!), Does.Contain("respiratory-depression"));
            Assert.That(await ObservationsOf(batched), Is.EqualTo(3), "every reading of the 201 is stored");
            Assert.That(await Db.CountAsync("outbox", "ward_code = @Ward AND type = 'observationRecorded' AND payload LIKE @Admission",
                new { Ward = _ward.Code, Admission = $"%{batched}%" }), Is.EqualTo(3), "one ward event a reading, as when posted alone");
        });
    }

    [Test]
    public async Task One_audit_row_names_every_observation_of_the_batch()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync(Path(admission), new { readings = ThreeMinutes() });
        var ids = (await ReadObjectAsync(response))["readings"]!.AsArray().Select(a => (string)a!["id"]!).ToList();

        var resources = await Db.QueryAsync<string>("SELECT resource FROM audit_log WHERE admission_id = @Id AND action = 'vitals.recorded'", new { Id = Db.Id(admission) });
        Assert.That(resources, Has.Count.EqualTo(1));
        Assert.That(resources[0].Split(' '), Is.EqualTo(ids.Select(id => $"observation/{id}")));
    }

    [Test]
    public async Task One_bad_reading_refuses_the_batch_names_its_place_and_stores_nothing()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var readings = ThreeMinutes();
        readings[1]["spo2"] = 150;

        using var response = await _nurse.PostAsJsonAsync(Path(admission), new { readings });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "readings[1].spo2");
        Assert.Multiple(async () =>
        {
            Assert.That(await ObservationsOf(admission), Is.Zero);
            Assert.That(await AuditRowsOf(admission), Is.Zero);
        });
    }

    [Test]
    public async Task A_reading_found_wrong_only_while_charting_still_refuses_the_whole_batch()
    {
        var admission = await AdmitAsync(_nurse, _ward, admittedAgo: TimeSpan.FromHours(1));
        var readings = ThreeMinutes();
        // Valid on its own, but before this admission began: found once the first two are already written.
        readings[2]["observedAt"] = DateTimeOffset.UtcNow.AddHours(-3).ToString("O");

        using var response = await _nurse.PostAsJsonAsync(Path(admission), new { readings });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "readings[2].observedAt");
        Assert.That(await ObservationsOf(admission), Is.Zero, "the two readings written before the refusal are rolled back");
    }

    [TestCase(0, "readings")]
    [TestCase(101, "readings")]
    public async Task Empty_and_oversized_batches_are_refused(int count, string field)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var readings = Enumerable.Range(0, count).Select(_ => new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), respiratoryRate = 16 }).ToList();

        using var response = await _nurse.PostAsJsonAsync(Path(admission), new { readings });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [TestCase("{}")]
    [TestCase("{\"readings\": null}")]
    [TestCase("{\"readings\": [null]}")]
    public async Task Missing_or_null_readings_are_refused_not_failed(string body)
    {
        var admission = await AdmitAsync(_nurse, _ward);

        using var response = await _nurse.PostAsync(Path(admission), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task A_batch_sent_twice_with_one_key_is_stored_once_and_answered_alike()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var body = new { readings = ThreeMinutes() };
        var key = Guid.NewGuid().ToString();

        async Task<string> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Path(admission)) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await _nurse.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            return (await ReadObjectAsync(response))["readings"]!.ToJsonString();
        }

        var first = await SendAsync();
        var replay = await SendAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(replay, Is.EqualTo(first));
            Assert.That(await ObservationsOf(admission), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task An_unknown_admission_is_not_found_and_stores_nothing()
    {
        using var response = await _nurse.PostAsJsonAsync(Path(Guid.NewGuid()), new { readings = ThreeMinutes() });
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
