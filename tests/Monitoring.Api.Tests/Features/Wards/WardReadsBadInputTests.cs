using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Wards;

public sealed class WardReadsBadInputTests(Store store) : ApiTest(store)
{
    [TestCase("/api/wards/NOPE/census")]
    [TestCase("/api/wards/NOPE/board")]
    [TestCase("/api/wards/NOPE/alerts")]
    [TestCase("/api/wards/NOPE/settings")]
    public async Task Unknown_ward_is_404_problem(string path)
    {
        using var admin = await AdminAsync();
        using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Unknown_alert_status_is_400()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        using var response = await nurse.GetAsync(new Uri($"/api/wards/{ward.Code}/alerts?status=urgent", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "status");
    }

    [Test]
    public async Task Unknown_alert_is_404_and_transfer_without_a_bed_is_400()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);

        using var unknown = await nurse.PostAsJsonAsync($"/api/alerts/{Guid.NewGuid()}/acknowledge", new { note = "x" });
        using var noBed = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = "" });
        using var noSuchBed = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/transfer", new { bed = "NO-SUCH-BED" });

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await AssertProblemAsync(noBed, HttpStatusCode.BadRequest, "bed");
        await AssertProblemAsync(noSuchBed, HttpStatusCode.BadRequest, "bed");
        Assert.That(await Db.CountAsync("bed_moves", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }

    [Test]
    public async Task Overlong_discharge_note_is_400_and_the_patient_stays()
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var admission = await AdmitAsync(nurse, ward);
        using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/discharge", new { note = new string('n', 2001) });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "note");
        Assert.That(await Db.CountAsync("admissions", "id = @Id AND discharged_at IS NULL", new { Id = Db.Id(admission) }), Is.EqualTo(1));
    }
}
