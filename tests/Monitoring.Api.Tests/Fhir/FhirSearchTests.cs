using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Fhir.FhirClient;

namespace Monitoring.Api.Tests.Fhir;

public sealed class FhirSearchTests(Store store) : FhirWardTest(store)
{
    private string Stay => $"/fhir/Observation?patient={PatientId}";

    [Test]
    public async Task Metadata_lists_exactly_the_served_types_with_their_parameters()
    {
        var statement = await OkAsync(Nurse, "/fhir/metadata");
        var resources = statement["rest"]![0]!["resource"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string?)statement["resourceType"], Is.EqualTo("CapabilityStatement"));
            Assert.That((string?)statement["kind"], Is.EqualTo("instance"));
            Assert.That((string?)statement["fhirVersion"], Is.EqualTo("4.0.1"));
            Assert.That(statement["format"]!.AsArray().Select(f => (string?)f), Does.Contain("json"));
            Assert.That(resources.Where(r => r["interaction"] is not null).Select(r => (string?)r["type"]),
                Is.EquivalentTo(new[] { "Patient", "Encounter", "Observation", "MedicationAdministration", "Flag" }));
            Assert.That(Parameters(resources, "Observation"), Is.EquivalentTo(new[] { "_id", "patient", "encounter", "category", "code", "date", "_count" }));
            Assert.That(Parameters(resources, "Patient"), Is.EquivalentTo(new[] { "_id", "identifier", "_count" }));
            Assert.That(Parameters(resources, "Encounter"), Is.EquivalentTo(new[] { "_id", "patient", "status", "_count" }));
            Assert.That(resources.Single(r => (string?)r["type"] == "Patient")["operation"]!.AsArray().Select(o => (string?)o!["name"]), Does.Contain("everything"));
            Assert.That((string?)statement["rest"]![0]!["documentation"], Does.Contain("Chaining"));
            Assert.That(resources.Single(r => (string?)r["type"] == "Group")["operation"]!.AsArray().Select(o => (string?)o!["name"]), Is.EqualTo(new[] { "export" }));
            Assert.That(resources.Select(r => (string?)r["type"]), Has.Exactly(6).Items);
        });
    }

    private static IEnumerable<string?> Parameters(List<JsonObject> resources, string type) =>
        resources.Single(r => (string?)r["type"] == type)["searchParam"]!.AsArray().Select(p => (string?)p!["name"]);

    [Test]
    public async Task Without_a_token_every_path_is_a_401_outcome()
    {
        using var anonymous = Service.CreateClient();
        await OutcomeAsync(anonymous, "/fhir/metadata", HttpStatusCode.Unauthorized);
        await OutcomeAsync(anonymous, $"/fhir/Observation?patient={PatientId}", HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_manager_reads_patients_but_not_observations()
    {
        await OkAsync(Manager, $"/fhir/Patient/{PatientId}");
        await OutcomeAsync(Manager, Stay, HttpStatusCode.Forbidden);
        await OutcomeAsync(Manager, $"/fhir/MedicationAdministration/{Dose}", HttpStatusCode.Forbidden);
        await OutcomeAsync(Manager, $"/fhir/Patient/{PatientId}/$everything", HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task An_unknown_type_or_id_is_a_404_outcome()
    {
        await OutcomeAsync(Nurse, "/fhir/Medication", HttpStatusCode.NotFound);
        await OutcomeAsync(Nurse, $"/fhir/Observation/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await OutcomeAsync(Nurse, $"/fhir/Observation/{Vitals[0].Id}-nope", HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Patient_is_found_by_identifier_with_or_without_system_and_by_id()
    {
        var patient = await OkAsync(Nurse, $"/fhir/Patient/{PatientId}");
        var system = (string)patient["identifier"]![0]!["system"]!;
        Assert.That((string?)patient["identifier"]![0]!["value"], Is.EqualTo(Mrn));
        Assert.That(Ids(await AllPagesAsync(Nurse, $"/fhir/Patient?identifier={Uri.EscapeDataString(system + "|" + Mrn)}")), Is.EqualTo(new[] { $"Patient/{PatientId}" }));
        Assert.That(Ids(await AllPagesAsync(Nurse, $"/fhir/Patient?_id={PatientId}")), Is.EqualTo(new[] { $"Patient/{PatientId}" }));
        Assert.That(await AllPagesAsync(Nurse, $"/fhir/Patient?identifier={Uri.EscapeDataString("urn:other|" + Mrn)}"), Is.Empty);
    }

    [Test]
    public async Task Encounter_is_the_admission_found_by_patient_and_status()
    {
        var encounter = await OkAsync(Nurse, $"/fhir/Encounter/{Admission}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)encounter["status"], Is.EqualTo("in-progress"));
            Assert.That((string?)encounter["class"]!["code"], Is.EqualTo("IMP"));
            Assert.That((string?)encounter["subject"]!["reference"], Is.EqualTo($"Patient/{PatientId}"));
            Assert.That(encounter["location"]!.AsArray().Select(l => (string?)l!["location"]!["identifier"]!["value"]), Is.EqualTo(new[] { Ward.Code, Ward.Beds[0] }));
        });
        Assert.That(Ids(await AllPagesAsync(Nurse, $"/fhir/Encounter?patient=Patient/{PatientId}&status=in-progress")), Is.EqualTo(new[] { $"Encounter/{Admission}" }));
        Assert.That(await AllPagesAsync(Nurse, $"/fhir/Encounter?patient={PatientId}&status=finished"), Is.Empty);
    }

    [Test]
    public async Task A_vitals_set_is_a_panel_whose_members_are_vital_sign_observations()
    {
        var id = Vitals[0].Id;
        var panel = await OkAsync(Nurse, $"/fhir/Observation/{id}");
        var members = panel["hasMember"]!.AsArray().Select(m => (string)m!["reference"]!).ToList();
        Assert.That(Code(panel), Is.EqualTo("85353-1"));
        Assert.That(members, Is.EqualTo(new[] { "rr", "hr", "spo2", "bp", "temp", "acvpu", "o2" }.Select(s => $"Observation/{id}-{s}")));
        var rr = await OkAsync(Nurse, $"/fhir/Observation/{id}-rr");
        var spo2 = await OkAsync(Nurse, $"/fhir/Observation/{id}-spo2");
        var bp = await OkAsync(Nurse, $"/fhir/Observation/{id}-bp");
        var temp = await OkAsync(Nurse, $"/fhir/Observation/{id}-temp");
        var news2 = await OkAsync(Nurse, $"/fhir/Observation/{id}-news2");
        Assert.Multiple(() =>
        {
            Assert.That((string?)rr["category"]![0]!["coding"]![0]!["code"], Is.EqualTo("vital-signs"));
            Assert.That((string?)rr["meta"]!["profile"]![0], Is.EqualTo("http://hl7.org/fhir/StructureDefinition/resprate"));
            Assert.That(((string?)rr["code"]!["coding"]![0]!["code"], (int?)rr["valueQuantity"]!["value"], (string?)rr["valueQuantity"]!["code"]), Is.EqualTo(("9279-1", 16, "/min")));
            Assert.That(spo2["code"]!["coding"]!.AsArray().Select(c => (string?)c!["code"]), Is.EqualTo(new[] { "2708-6", "59408-5" }));
            Assert.That(bp["component"]!.AsArray().Select(c => ((string?)c!["code"]!["coding"]![0]!["code"], (int?)c["valueQuantity"]!["value"], (string?)c["valueQuantity"]!["code"])),
                Is.EqualTo(new[] { ("8480-6", 124, "mm[Hg]"), ("8462-4", 78, "mm[Hg]") }));
            Assert.That(((decimal?)temp["valueQuantity"]!["value"], (string?)temp["valueQuantity"]!["code"]), Is.EqualTo((36.8m, "Cel")));
            Assert.That(((string?)news2["code"]!["coding"]![0]!["system"], Code(news2)), Is.EqualTo(("http://snomed.info/sct", "1104051000000101")));
            Assert.That((string?)news2["category"]![0]!["coding"]![0]!["code"], Is.EqualTo("survey"));
            Assert.That((DateTimeOffset?)rr["effectiveDateTime"], Is.EqualTo(Vitals[0].At));
            Assert.That((string?)rr["subject"]!["reference"], Is.EqualTo($"Patient/{PatientId}"));
            Assert.That((string?)rr["encounter"]!["reference"], Is.EqualTo($"Encounter/{Admission}"));
        });
    }

    [Test]
    public async Task A_cows_total_carries_its_items_under_the_services_code_system()
    {
        var cows = await OkAsync(Nurse, $"/fhir/Observation/{Cows}");
        var components = cows["component"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(Code(cows), Is.EqualTo("cows"));
            Assert.That((string?)cows["code"]!["coding"]![0]!["system"], Does.EndWith("/CodeSystem/monitoring"));
            Assert.That((int?)cows["valueQuantity"]!["value"], Is.EqualTo(2));
            Assert.That(components, Has.Count.EqualTo(11));
            Assert.That(components.Single(c => (string?)c!["code"]!["coding"]![0]!["code"] == "cows-sweating")!["valueInteger"]!.GetValue<int>(), Is.EqualTo(2));
        });
        Assert.That(Ids(await AllPagesAsync(Nurse, $"{Stay}&code=cows")), Is.EqualTo(new[] { $"Observation/{Cows}" }));
    }

    [Test]
    public async Task Category_code_and_encounter_narrow_the_search()
    {
        var all = await AllPagesAsync(Nurse, Stay);
        var survey = await AllPagesAsync(Nurse, $"{Stay}&category=survey");
        var vitalSigns = await AllPagesAsync(Nurse, $"{Stay}&category={Uri.EscapeDataString("http://terminology.hl7.org/CodeSystem/observation-category|vital-signs")}");
        var heartRates = await AllPagesAsync(Nurse, $"{Stay}&code={Uri.EscapeDataString("http://loinc.org|8867-4")}");
        var either = await AllPagesAsync(Nurse, $"{Stay}&code=8867-4,9279-1");
        var byEncounter = await AllPagesAsync(Nurse, $"/fhir/Observation?encounter=Encounter/{Admission}");
        Assert.Multiple(() =>
        {
            Assert.That(survey.Select(Code).Distinct(), Is.EquivalentTo(new[] { "1104051000000101", "poss", "cows" }));
            Assert.That(vitalSigns.Select(Code).Distinct(), Is.EquivalentTo(new[] { "85353-1", "9279-1", "8867-4", "2708-6", "85354-9", "8310-5", "acvpu", "air-or-oxygen" }));
            Assert.That(survey.Count + vitalSigns.Count, Is.EqualTo(all.Count));
            Assert.That(heartRates.Select(r => (string?)r["id"]), Is.EqualTo(Vitals.Select(v => $"{v.Id}-hr")));
            Assert.That(either, Has.Count.EqualTo(8));
            Assert.That(Ids(byEncounter), Is.EqualTo(Ids(all)));
        });
        Assert.That(await AllPagesAsync(Nurse, $"{Stay}&code={Uri.EscapeDataString("http://snomed.info/sct|8867-4")}"), Is.Empty, "A code under another system is another code.");
    }

    [TestCase("eq", 1, 1)]
    [TestCase("ge", 1, 3)]
    [TestCase("gt", 1, 2)]
    [TestCase("le", 1, 2)]
    [TestCase("lt", 1, 1)]
    public async Task Date_prefixes_compare_the_observed_time_at_the_values_precision(string prefix, int vitals, int expectedSets)
    {
        var at = Uri.EscapeDataString(Fhir(Vitals[vitals].At));
        var sets = await AllPagesAsync(Nurse, $"{Stay}&code=85353-1&date={prefix}{at}");
        Assert.That(sets, Has.Count.EqualTo(expectedSets));
        Assert.That(sets.Select(s => (DateTimeOffset)s["effectiveDateTime"]!), Is.Ordered);
    }

    [Test]
    public async Task Repeated_dates_and_coarse_precision_make_a_range()
    {
        var from = Uri.EscapeDataString(Fhir(Vitals[1].At));
        var until = Uri.EscapeDataString(Fhir(Vitals[3].At));
        Assert.That((await AllPagesAsync(Nurse, $"{Stay}&code=85353-1&date=ge{from}&date=lt{until}")).Select(r => (string?)r["id"]),
            Is.EqualTo(new[] { Vitals[1].Id.ToString(), Vitals[2].Id.ToString() }));
        var year = Vitals[0].At.Year;
        Assert.That(await AllPagesAsync(Nurse, $"{Stay}&code=85353-1&date=lt{year}"), Is.Empty);
        Assert.That(await AllPagesAsync(Nurse, $"{Stay}&code=85353-1&date={year}-01-01&date=ge{year + 1}"), Is.Empty, "Two dates AND.");
        var local = Vitals[0].At.ToOffset(TimeSpan.FromHours(5)).ToString("yyyy-MM-ddTHH:mm:ss+05:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((await AllPagesAsync(Nurse, $"{Stay}&code=85353-1&date={Uri.EscapeDataString(local)}")).Select(r => (string?)r["id"]), Is.EqualTo(new[] { Vitals[0].Id.ToString() }));
    }

    [Test]
    public async Task Pages_of_two_return_every_resource_once_in_order()
    {
        var whole = await AllPagesAsync(Nurse, $"{Stay}&_count=1000");
        var paged = await AllPagesAsync(Nurse, $"{Stay}&_count=2", pageSize: 2);
        Assert.That(Ids(paged), Is.EqualTo(Ids(whole)));
        Assert.That(paged.Select(r => (DateTimeOffset)r["effectiveDateTime"]!), Is.Ordered);
        Assert.That(Ids(paged).Distinct().Count(), Is.EqualTo(paged.Count));
        var everything = Ids(await AllPagesAsync(Nurse, $"/fhir/Patient/{PatientId}/$everything?_count=2", pageSize: 2)).ToList();
        var atOnce = Ids(await AllPagesAsync(Nurse, $"/fhir/Patient/{PatientId}/$everything?_count=1000")).ToList();
        // The ward's alert sweep may raise a flag between the two reads: it can only add to the second.
        Assert.That(everything.Where(id => !id.StartsWith("Flag/", StringComparison.Ordinal)), Is.EqualTo(atOnce.Where(id => !id.StartsWith("Flag/", StringComparison.Ordinal))));
        Assert.That(everything.Where(id => id.StartsWith("Flag/", StringComparison.Ordinal)), Is.SubsetOf(atOnce));
        Assert.That(everything.Distinct().Count(), Is.EqualTo(everything.Count));
    }

    [Test]
    public async Task Everything_holds_the_patient_the_stay_its_observations_doses_and_flags()
    {
        var everything = await AllPagesAsync(Physician, $"/fhir/Patient/{PatientId}/$everything");
        var types = everything.Select(r => (string)r["resourceType"]!).ToList();
        Assert.That(types.Distinct(), Is.EqualTo(new[] { "Patient", "Encounter", "Observation", "MedicationAdministration", "Flag" }));
        Assert.That(types.Count(t => t == "Observation"), Is.EqualTo((await AllPagesAsync(Physician, Stay)).Count));
    }

    [Test]
    public async Task An_entry_in_error_keeps_its_ids_with_status_entered_in_error()
    {
        var wrong = Vitals[2].Id;
        var sets = await AllPagesAsync(Nurse, $"{Stay}&code=85353-1");
        Assert.That(sets.Select(s => ((string?)s["id"], (string?)s["status"])), Is.EqualTo(Vitals.Select(v => (v.Id.ToString(), v.Id == wrong ? "entered-in-error" : "final"))));
        var rr = await OkAsync(Nurse, $"/fhir/Observation/{wrong}-rr");
        Assert.That((string?)rr["status"], Is.EqualTo("entered-in-error"));
        Assert.That(rr["note"]!.AsArray().Select(n => (string?)n!["text"]), Has.Some.Contains("Charted on the wrong patient"));
    }

    [Test]
    public async Task A_dose_is_a_completed_medication_administration()
    {
        var administration = await OkAsync(Nurse, $"/fhir/MedicationAdministration/{Dose}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)administration["status"], Is.EqualTo("completed"));
            Assert.That((string?)administration["medicationCodeableConcept"]!["coding"]![0]!["code"], Is.EqualTo("methadone"));
            Assert.That((decimal?)administration["dosage"]!["dose"]!["value"], Is.EqualTo(30m));
            Assert.That((string?)administration["dosage"]!["dose"]!["code"], Is.EqualTo("mg"));
            Assert.That((string?)administration["dosage"]!["route"]!["text"], Is.EqualTo("PO"));
            Assert.That((DateTimeOffset?)administration["effectiveDateTime"], Is.EqualTo(Now.AddHours(-3.5)));
            Assert.That((string?)administration["context"]!["reference"], Is.EqualTo($"Encounter/{Admission}"));
        });
        Assert.That(Ids(await AllPagesAsync(Nurse, $"/fhir/MedicationAdministration?patient={PatientId}")), Is.EqualTo(new[] { $"MedicationAdministration/{Dose}" }));
    }

    [Test]
    public async Task An_alert_is_an_active_clinical_flag_with_its_reason_and_priority()
    {
        var flags = await AllPagesAsync(Nurse, $"/fhir/Flag?patient={PatientId}");
        var alerts = (await Nurse.GetFromJsonAsync<JsonArray>($"/api/wards/{Ward.Code}/alerts?status=active"))!;
        var depression = alerts.Single(a => (string?)a!["code"] == "respiratory-depression")!;
        var flag = flags.Single(f => (string?)f["id"] == (string?)depression["id"]);
        Assert.Multiple(() =>
        {
            Assert.That((string?)flag["status"], Is.EqualTo("active"));
            Assert.That((string?)flag["category"]![0]!["coding"]![0]!["code"], Is.EqualTo("clinical"));
            Assert.That(Code(flag), Is.EqualTo("respiratory-depression"));
            Assert.That((string?)flag["code"]!["text"], Is.EqualTo((string?)depression["reason"]));
            Assert.That((string?)flag["extension"]![0]!["valueCode"], Is.EqualTo("high"));
            Assert.That((DateTimeOffset?)flag["period"]!["start"], Is.EqualTo((DateTimeOffset?)depression["raisedAt"]));
        });
    }

    [Test]
    public async Task A_read_is_audited_with_its_admission()
    {
        await OkAsync(Physician, $"/fhir/Observation/{Vitals[0].Id}-hr");
        var rows = await Db.CountAsync("audit_log", "action = 'fhir.read' AND admission_id = @Id AND resource = @Resource",
            new { Id = Db.Id(Admission), Resource = $"fhir/Observation/{Vitals[0].Id}-hr" });
        Assert.That(rows, Is.GreaterThanOrEqualTo(1));
    }
}
