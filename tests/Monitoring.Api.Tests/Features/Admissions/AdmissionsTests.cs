using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Admissions;

public sealed class AdmissionsTests(Store store) : ApiTest(store)
{
    private TestWard _ward = null!;
    private HttpClient _nurse = null!;

    [SetUp]
    public async Task PrepareAsync()
    {
        _ward = await NewWardAsync(beds: 4);
        _nurse = await SignInAsync("nurse", _ward.Code);
    }

    [TearDown]
    public void Dispose() => _nurse.Dispose();

    private Task<long> AdmissionsOnWard() => Db.CountAsync("admissions", "ward_code = @Ward", new { Ward = _ward.Code });

    [Test]
    public async Task Admit_answers_201_with_location_and_the_admission()
    {
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward, dateOfBirth: "1990-06-01"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadObjectAsync(response);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/admissions/{body["id"]}"));
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["ward"], Is.EqualTo(_ward.Code));
            Assert.That((string?)body["bed"], Is.EqualTo(_ward.Beds[0]));
            Assert.That((string?)body["status"], Is.EqualTo("admitted"));
            Assert.That((int?)body["spo2Scale"], Is.EqualTo(1));
            Assert.That((int?)body["ageYears"], Is.InRange(35, 37));
        });
    }

    [TestCase("mrn", "")]
    [TestCase("dateOfBirth", "2999-01-01")]
    [TestCase("bed", "NO-SUCH-BED")]
    [TestCase("substances", "heroin-ish")]
    [TestCase("spo2Scale", 3)]
    public async Task Bad_admission_is_400_with_the_field_and_nothing_stored(string field, object value)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(AdmissionBody(_ward)))!.AsObject();
        body[field] = field == "substances" ? new JsonArray(JsonValue.Create((string)value)) : JsonValue.Create(value);

        using var response = await _nurse.PostAsJsonAsync("/api/admissions", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Has.Some.StartsWith(field));
        Assert.That(await AdmissionsOnWard(), Is.Zero);
    }

    [Test]
    public async Task Bed_on_another_ward_is_400()
    {
        var other = await NewWardAsync();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(AdmissionBody(_ward)))!.AsObject();
        body["bed"] = other.Beds[0];
        using var response = await _nurse.PostAsJsonAsync("/api/admissions", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "bed");
    }

    [Test]
    public async Task Occupied_bed_and_already_admitted_patient_are_409()
    {
        var mrn = Unique("MRN");
        using var first = await _nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward, 0, mrn));
        using var sameBed = await _nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward, 0));
        using var sameMrn = await _nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward, 1, mrn));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertProblemAsync(sameBed, HttpStatusCode.Conflict);
        await AssertProblemAsync(sameMrn, HttpStatusCode.Conflict);
        Assert.That(await AdmissionsOnWard(), Is.EqualTo(1));
    }

    [Test]
    public async Task Nurse_of_another_ward_cannot_admit_here()
    {
        var other = await NewWardAsync();
        using var outsider = await SignInAsync("nurse", other.Code);
        using var response = await outsider.PostAsJsonAsync("/api/admissions", AdmissionBody(_ward));
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await AdmissionsOnWard(), Is.Zero);
    }

    [Test]
    public async Task Transfer_moves_the_patient_records_the_move_and_frees_the_bed()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var moved = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = _ward.Beds[2] });

        Assert.That((string?)(await ReadObjectAsync(moved))["bed"], Is.EqualTo(_ward.Beds[2]));
        Assert.That(await Db.CountAsync("bed_moves", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(1));
        var again = await AdmitAsync(_nurse, _ward, bed: 0);
        Assert.That(again, Is.Not.EqualTo(admission));

        using var occupied = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = _ward.Beds[0] });
        await AssertProblemAsync(occupied, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Discharge_closes_the_admission_once_and_resolves_its_alerts()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        var vitals = NormalVitals();
        vitals["sedation"] = "3";
        using var _ = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", vitals);

        using var discharged = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = "Completed detox" });
        using var twice = await _nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = "again" });

        var body = await ReadObjectAsync(discharged);
        Assert.That((string?)body["status"], Is.EqualTo("discharged"));
        Assert.That((string?)body["dischargeNote"], Is.EqualTo("Completed detox"));
        await AssertProblemAsync(twice, HttpStatusCode.Conflict);
        var open = await _nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{_ward.Code}/alerts?status=open");
        Assert.That(open, Is.Empty);
    }

    [Test]
    public async Task Unknown_admission_is_404_and_manager_may_read_any()
    {
        var admission = await AdmitAsync(_nurse, _ward);
        using var manager = await SignInAsync("manager");
        using var unknown = await _nurse.GetAsync(new Uri($"/api/admissions/{Guid.NewGuid()}", UriKind.Relative));
        using var read = await manager.GetAsync(new Uri($"/api/admissions/{admission}", UriKind.Relative));

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
