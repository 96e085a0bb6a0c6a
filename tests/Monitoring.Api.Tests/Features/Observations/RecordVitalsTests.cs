using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

public sealed class RecordVitalsTests(Store store) : ApiTest(store)
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

    private Task<long> ObservationsOf(Guid admission) => Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) });

    [Test]
    public async Task Normal_set_scores_news2_zero_low_twelve_hourly()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var news2 = (await ReadObjectAsync(response))["news2"]!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)news2["total"], Is.EqualTo(0));
            Assert.That((string?)news2["band"], Is.EqualTo("low"));
            Assert.That((int?)news2["minimumObservationIntervalMinutes"], Is.EqualTo(720));
            Assert.That(news2["parameters"]!.AsObject(), Has.Count.EqualTo(7));
        });
    }

    [Test]
    public async Task Slow_breathing_and_low_saturation_score_exactly()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["respiratoryRate"] = 7;
        vitals["spo2"] = 95;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        var news2 = (await ReadObjectAsync(response))["news2"]!;
        Assert.That((int?)news2["total"], Is.EqualTo(4));
        Assert.That((string?)news2["band"], Is.EqualTo("low-medium"));
        Assert.That((int?)news2["parameters"]!["respiratoryRate"], Is.EqualTo(3));
        Assert.That((int?)news2["parameters"]!["spo2"], Is.EqualTo(1));
    }

    [TestCase("36.05", 0)]
    [TestCase("35.05", 1)]
    public async Task Temperature_rounds_like_the_chart(string celsius, int score)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["temperatureC"] = decimal.Parse(celsius, System.Globalization.CultureInfo.InvariantCulture);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        Assert.That((int?)(await ReadObjectAsync(response))["news2"]!["parameters"]!["temperatureC"], Is.EqualTo(score));
    }

    [Test]
    public async Task Partial_set_is_stored_without_a_total()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals",
            new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = 14, heartRate = 80 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var news2 = (await ReadObjectAsync(response))["news2"]!;
        Assert.That(news2["total"], Is.Null);
        Assert.That((string?)news2["notComputedReason"], Does.Contain("not charted"));
        Assert.That(await ObservationsOf(admission), Is.EqualTo(1));
    }

    [TestCase("1990-01-01", true, "pregnancy")]
    public async Task No_news2_in_pregnancy_but_rules_still_run(string dateOfBirth, bool pregnant, string reason)
    {
        var admission = await AdmitAsync(_nurse, _ward, dateOfBirth: dateOfBirth, pregnant: pregnant);
        var vitals = NormalVitals();
        vitals["respiratoryRate"] = 7;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        var body = await ReadObjectAsync(response);
        Assert.That(body["news2"]!["total"], Is.Null);
        Assert.That((string?)body["news2"]!["notComputedReason"], Does.Contain(reason));
        Assert.That(body["alerts"]!.AsArray().Select(a => (string?)a!["code"]), Does.Contain("respiratory-depression"));
    }

    [TestCase("respiratoryRate", 0, true)]
    [TestCase("respiratoryRate", 80, true)]
    [TestCase("respiratoryRate", -1, false)]
    [TestCase("respiratoryRate", 81, false)]
    [TestCase("spo2", 50, true)]
    [TestCase("spo2", 49, false)]
    [TestCase("spo2", 101, false)]
    [TestCase("spo2", 140, false)]
    [TestCase("systolicBp", 300, true)]
    [TestCase("systolicBp", 301, false)]
    [TestCase("heartRate", 20, true)]
    [TestCase("heartRate", 300, true)]
    [TestCase("heartRate", 19, false)]
    [TestCase("heartRate", 301, false)]
    [TestCase("temperatureC", 25.0, true)]
    [TestCase("temperatureC", 45.0, true)]
    [TestCase("temperatureC", 24.9, false)]
    [TestCase("temperatureC", 45.1, false)]
    public async Task Physiological_limits(string field, double value, bool accepted)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals[field] = field == "temperatureC" ? (decimal)value : (int)value;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        if (accepted)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            Assert.That(await ObservationsOf(admission), Is.EqualTo(1));
        }
        else
        {
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
            Assert.That(await ObservationsOf(admission), Is.Zero);
        }
    }

    [TestCase("consciousness", "X")]
    [TestCase("sedation", "5")]
    [TestCase("diastolicBp", 130)]
    public async Task Invalid_codes_and_diastolic_above_systolic_are_refused(string field, object value)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals[field] = value;
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [TestCase(4, true)]
    [TestCase(6, false)]
    public async Task Observation_time_may_be_a_little_ahead_but_not_in_the_future(int minutesAhead, bool accepted)
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals(DateTimeOffset.UtcNow.AddMinutes(minutesAhead)));
        if (accepted)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        else
        {
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, "observedAt");
            Assert.That(await ObservationsOf(admission), Is.Zero);
        }
    }

    [Test]
    public async Task Empty_set_is_refused()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.ToString("O") });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Test]
    public async Task Wrong_content_type_is_415_problem()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsync(new Uri($"/api/admissions/{admission}/vitals", UriKind.Relative), new StringContent("respiratoryRate=7", Encoding.UTF8, "text/plain"));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task Oversized_body_is_413_problem()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["note"] = new string('x', 70_000);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task Malformed_json_is_400_problem()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsync(new Uri($"/api/admissions/{admission}/vitals", UriKind.Relative), new StringContent("{\"respiratoryRate\": ", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Text_where_a_number_belongs_names_the_field()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsync(new Uri($"/api/admissions/{admission}/vitals", UriKind.Relative),
            new StringContent("{\"observedAt\":\"2026-01-01T00:00:00Z\",\"spo2\":\"ninety\"}", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "spo2");
    }

    [Test]
    public async Task Unknown_admission_is_404_problem()
    {
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{Guid.NewGuid()}/vitals", NormalVitals());
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Discharged_admission_is_409_problem()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var discharge = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = "home" });
        Assert.That(discharge.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(await ObservationsOf(admission), Is.Zero);
    }

    [Test]
    public async Task A_201_is_already_in_the_database()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var response = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        var id = Guid.Parse((string)(await ReadObjectAsync(response))["id"]!);
        Assert.That(await Db.CountAsync("vital_signs", "observation_id = @Id", new { Id = Db.Id(id) }), Is.EqualTo(1));
    }

    [Test]
    public async Task Latest_scores_appear_on_the_admission()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        var view = await _nurse.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}");
        Assert.That((int?)view!["latestVitals"]!["news2"]!["total"], Is.EqualTo(0));
    }
}
