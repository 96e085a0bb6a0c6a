using System.Net;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Fhir.FhirClient;
using static Monitoring.Api.Tests.Fhir.FhirExportClient;

namespace Monitoring.Api.Tests.Fhir;

public sealed class FhirExportTests(Store store) : FhirWardTest(store)
{
    private string Export => $"/fhir/Group/{Ward.Code}/$export";

    [Test]
    public async Task A_ward_export_holds_every_resource_of_the_ward_and_nothing_else()
    {
        string[] types = ["Patient", "Encounter", "Observation", "MedicationAdministration", "Flag"];
        var before = new Dictionary<string, List<string>>();
        foreach (var type in types)
        {
            before[type] = [.. Ids(await AllPagesAsync(Physician, $"/fhir/{type}?_count=1000"))];
        }
        var status = await StartAsync(Physician, Export);
        var manifest = await ManifestAsync(Physician, status);
        var files = await DownloadAsync(Physician, manifest);

        Assert.That((bool?)manifest["requiresAccessToken"], Is.True);
        Assert.That((string?)manifest["request"], Does.EndWith(Export));
        Assert.That(files.Keys, Is.EquivalentTo(types));
        foreach (var (type, resources) in files)
        {
            // The ward's alert sweep may raise an alert meanwhile: everything found before, nothing not found after.
            Assert.That(Ids(resources), Is.SupersetOf(before[type]).And.SubsetOf(Ids(await AllPagesAsync(Physician, $"/fhir/{type}?_count=1000"))), type);
            Assert.That(Ids(resources).Distinct().Count(), Is.EqualTo(resources.Count), type);
        }
        Assert.That(files.Values.SelectMany(r => r).Select(r => r.ToJsonString()), Has.None.Contains(OtherPatientId));
        Assert.That(await Db.CountAsync("audit_log", "action = 'fhir.export' AND admission_id = @Id", new { Id = Db.Id(Admission) }), Is.EqualTo(1));
        Assert.That(await Db.CountAsync("audit_log", "action = 'fhir.export.requested' AND resource LIKE @Resource", new { Resource = $"fhir/Group/{Ward.Code}/$export/%" }), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Type_and_since_narrow_the_export()
    {
        var flagsAndPatients = await DownloadAsync(Manager, await ManifestAsync(Manager, await StartAsync(Manager, $"{Export}?_type=Patient,Flag")));
        Assert.That(flagsAndPatients.Keys, Is.EquivalentTo(new[] { "Patient", "Flag" }));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var none = await ManifestAsync(Manager, await StartAsync(Manager, $"{Export}?_since={future}"));
        Assert.That(none["output"]!.AsArray(), Is.Empty);
        var past = Uri.EscapeDataString(Now.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var all = await DownloadAsync(Manager, await ManifestAsync(Manager, await StartAsync(Manager, $"{Export}?_type=Observation&_since={past}")));
        Assert.That(all["Observation"], Has.Count.EqualTo((await AllPagesAsync(Physician, $"/fhir/Observation?_count=1000")).Count));
    }

    [Test]
    public async Task Only_physicians_of_the_ward_and_managers_export_it()
    {
        await OutcomeAsync(Nurse, Export, HttpStatusCode.Forbidden);
        using var otherPhysician = await SignInAsync("physician", OtherWard.Code);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Export, UriKind.Relative));
        request.Headers.Add("Prefer", "respond-async");
        using var hidden = await otherPhysician.SendAsync(request);
        using var missingRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/fhir/Group/NOWARD/$export", UriKind.Relative));
        missingRequest.Headers.Add("Prefer", "respond-async");
        using var missing = await otherPhysician.SendAsync(missingRequest);
        Assert.That((hidden.StatusCode, missing.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That((await hidden.Content.ReadAsStringAsync()).Replace(Ward.Code, "W", StringComparison.Ordinal),
            Is.EqualTo((await missing.Content.ReadAsStringAsync()).Replace("NOWARD", "W", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Its_status_and_files_are_the_requesters_alone()
    {
        var status = await StartAsync(Physician, Export);
        var manifest = await ManifestAsync(Physician, status);
        using var colleague = await SignInAsync("physician", Ward.Code);
        await OutcomeAsync(colleague, status.ToString(), HttpStatusCode.NotFound);
        await OutcomeAsync(colleague, (string)manifest["output"]![0]!["url"]!, HttpStatusCode.NotFound);
        using var anonymous = Service.CreateClient();
        await OutcomeAsync(anonymous, status.ToString(), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Deleting_an_export_removes_its_status_and_files()
    {
        var status = await StartAsync(Physician, Export);
        var manifest = await ManifestAsync(Physician, status);
        using var deleted = await Physician.DeleteAsync(status);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await OutcomeAsync(Physician, status.ToString(), HttpStatusCode.NotFound);
        await OutcomeAsync(Physician, (string)manifest["output"]![0]!["url"]!, HttpStatusCode.NotFound);
        Assert.That(Directory.Exists(Path.Combine(Service.DataPath, "fhir-exports", status.Segments[^1].Replace("-", "", StringComparison.Ordinal))), Is.False);
    }

    [TestCase("", "Prefer: respond-async")]
    [TestCase("?_type=Medication", "_type 'Medication' is not exported")]
    [TestCase("?_since=yesterday", "not a FHIR instant")]
    [TestCase("?_since=2026-01-01", "not a FHIR instant")]
    [TestCase("?_outputFormat=text/csv", "_outputFormat")]
    [TestCase("?_typeFilter=Observation%3Fcode%3Dx", "'_typeFilter' is not supported")]
    public async Task A_kick_off_it_cannot_honour_is_a_400_outcome(string query, string why)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Export + query, UriKind.Relative));
        if (query.Length > 0)
        {
            request.Headers.Add("Prefer", "respond-async");
        }
        using var response = await Physician.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(text, Does.Contain("OperationOutcome").And.Contain(why));
    }
}
