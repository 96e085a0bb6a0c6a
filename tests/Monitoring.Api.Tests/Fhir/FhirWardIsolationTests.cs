using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Fhir.FhirClient;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>Nothing of another ward is visible through any resource type, read, search parameter or $everything.</summary>
public sealed class FhirWardIsolationTests(Store store) : FhirWardTest(store)
{
    private async Task<List<string>> OtherWardResourcesAsync()
    {
        var alerts = (await OtherNurse.GetFromJsonAsync<JsonArray>($"/api/wards/{OtherWard.Code}/alerts?status=active"))!;
        Assert.That(alerts, Is.Not.Empty, "The other ward's RR 7 raised alerts.");
        return
        [
            $"Patient/{OtherPatientId}",
            $"Encounter/{OtherAdmission}",
            $"Observation/{OtherVitals}",
            $"Observation/{OtherVitals}-rr",
            $"Observation/{OtherVitals}-news2",
            $"MedicationAdministration/{OtherDose}",
            .. alerts.Select(a => $"Flag/{(string?)a!["id"]}"),
        ];
    }

    [Test]
    public async Task Another_wards_resources_answer_404_exactly_like_missing_ones()
    {
        foreach (var resource in await OtherWardResourcesAsync())
        {
            await OkAsync(OtherNurse, $"/fhir/{resource}");
            var type = resource.Split('/')[0];
            var missing = $"{type}/{Guid.NewGuid()}";
            var hidden = await OutcomeAsync(Physician, $"/fhir/{resource}", HttpStatusCode.NotFound);
            var absent = await OutcomeAsync(Physician, $"/fhir/{missing}", HttpStatusCode.NotFound);
            Assert.That(hidden.Replace(resource, "<id>", StringComparison.Ordinal), Is.EqualTo(absent.Replace(missing, "<id>", StringComparison.Ordinal)), resource);
        }
        await OutcomeAsync(Physician, $"/fhir/Patient/{OtherPatientId}/$everything", HttpStatusCode.NotFound);
        Assert.That(await Db.CountAsync("audit_log", "action = 'refused.other-ward' AND outcome = 'refused' AND resource = @Resource",
            new { Resource = $"fhir/Observation/{OtherVitals}-rr" }), Is.EqualTo(1), "The refusal is audited, the miss is not.");
        Assert.That((await AllPagesAsync(OtherNurse, $"/fhir/Patient/{OtherPatientId}/$everything")).Count, Is.GreaterThan(5));
    }

    [Test]
    public async Task No_search_parameter_reaches_another_ward()
    {
        var others = await OtherWardResourcesAsync();
        string[] searches =
        [
            $"Patient?identifier={OtherMrn}", $"Patient?_id={OtherPatientId}", "Patient?_count=1000",
            $"Encounter?patient={OtherPatientId}", $"Encounter?_id={OtherAdmission}", "Encounter?status=in-progress&_count=1000",
            $"Observation?patient={OtherPatientId}", $"Observation?encounter={OtherAdmission}", $"Observation?_id={OtherVitals},{OtherVitals}-rr",
            "Observation?code=9279-1&_count=1000", "Observation?category=vital-signs&_count=1000",
            $"MedicationAdministration?patient={OtherPatientId}", $"MedicationAdministration?context={OtherAdmission}", "MedicationAdministration?_count=1000",
            $"Flag?patient={OtherPatientId}", $"Flag?encounter={OtherAdmission}", "Flag?_count=1000",
        ];
        foreach (var search in searches)
        {
            var found = Ids(await AllPagesAsync(Nurse, $"/fhir/{search}")).ToList();
            Assert.That(found.Intersect(others), Is.Empty, search);
        }
        Assert.That(Ids(await AllPagesAsync(OtherNurse, $"/fhir/Observation?patient={OtherPatientId}")), Does.Contain($"Observation/{OtherVitals}-rr"),
            "The same search finds them on their own ward.");
    }

    [Test]
    public async Task A_manager_sees_patients_and_flags_of_every_ward()
    {
        Assert.That(Ids(await AllPagesAsync(Manager, $"/fhir/Patient?_id={PatientId},{OtherPatientId}")),
            Is.EquivalentTo(new[] { $"Patient/{PatientId}", $"Patient/{OtherPatientId}" }));
        Assert.That(await AllPagesAsync(Manager, $"/fhir/Flag?patient={OtherPatientId}"), Is.Not.Empty);
    }
}
