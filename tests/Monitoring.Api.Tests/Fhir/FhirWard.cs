using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>
/// A ward with one patient's stay charted at whole seconds: four vitals sets (the third entered in error, the
/// fourth with RR 7, which raises alerts), a COWS, a methadone dose; and a patient on a second ward.
/// </summary>
public abstract class FhirWardTest(Store store) : ApiTest(store)
{
    protected TestWard Ward { get; private set; } = null!;
    protected TestWard OtherWard { get; private set; } = null!;
    protected HttpClient Nurse { get; private set; } = null!;
    protected HttpClient Physician { get; private set; } = null!;
    protected HttpClient Manager { get; private set; } = null!;
    protected HttpClient OtherNurse { get; private set; } = null!;
    protected DateTimeOffset Now { get; private set; }
    protected string Mrn { get; private set; } = "";
    protected Guid Admission { get; private set; }
    protected string PatientId { get; private set; } = "";
    protected IReadOnlyList<(Guid Id, DateTimeOffset At)> Vitals { get; private set; } = [];
    protected Guid Cows { get; private set; }
    protected Guid Dose { get; private set; }
    protected Guid OtherAdmission { get; private set; }
    protected string OtherPatientId { get; private set; } = "";
    protected string OtherMrn { get; private set; } = "";
    protected Guid OtherVitals { get; private set; }
    protected Guid OtherDose { get; private set; }

    [OneTimeSetUp]
    public async Task ChartAStayAsync()
    {
        Ward = await NewWardAsync(2);
        OtherWard = await NewWardAsync(2);
        Nurse = await SignInAsync("nurse", Ward.Code);
        Physician = await SignInAsync("physician", Ward.Code);
        Manager = await SignInAsync("manager");
        OtherNurse = await SignInAsync("nurse", OtherWard.Code);
        var now = DateTimeOffset.UtcNow;
        Now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        Mrn = Unique("FHIR");
        Admission = await AdmitAsync(Nurse, Ward, Mrn);
        var vitals = new List<(Guid, DateTimeOffset)>();
        foreach (var hoursAgo in new[] { 5, 4, 3, 2 })
        {
            var at = Now.AddHours(-hoursAgo);
            var body = NormalVitals(at);
            if (hoursAgo == 2)
            {
                body["respiratoryRate"] = 7;
            }
            vitals.Add((Guid.Parse((string)(await ServiceProcess.PostOkAsync(Nurse, $"/api/admissions/{Admission}/vitals", body))["id"]!), at));
        }
        Vitals = vitals;
        await ServiceProcess.PostOkAsync(Nurse, $"/api/observations/{Vitals[2].Id}/entered-in-error", new { reason = "Charted on the wrong patient" });
        Cows = Guid.Parse((string)(await ServiceProcess.PostOkAsync(Nurse, $"/api/admissions/{Admission}/cows",
            new { observedAt = Now.AddHours(-4.5).ToString("O"), items = CowsItems(2) }))["id"]!);
        Dose = Guid.Parse((string)(await ServiceProcess.PostOkAsync(Nurse, $"/api/admissions/{Admission}/doses",
            new { drug = "methadone", dose = 30, unit = "mg", route = "PO", givenAt = Now.AddHours(-3.5).ToString("O") }))["id"]!);
        PatientId = await PatientIdAsync(Nurse, Mrn);

        OtherMrn = Unique("FHIR");
        OtherAdmission = await AdmitAsync(OtherNurse, OtherWard, OtherMrn);
        var alarming = NormalVitals(Now.AddHours(-1));
        alarming["respiratoryRate"] = 7;
        OtherVitals = Guid.Parse((string)(await ServiceProcess.PostOkAsync(OtherNurse, $"/api/admissions/{OtherAdmission}/vitals", alarming))["id"]!);
        OtherDose = Guid.Parse((string)(await ServiceProcess.PostOkAsync(OtherNurse, $"/api/admissions/{OtherAdmission}/doses",
            new { drug = "methadone", dose = 30, unit = "mg", route = "PO", givenAt = Now.AddMinutes(-50).ToString("O") }))["id"]!);
        OtherPatientId = await PatientIdAsync(OtherNurse, OtherMrn);
    }

    [OneTimeTearDown]
    public void SignOut()
    {
        foreach (var client in new[] { Nurse, Physician, Manager, OtherNurse })
        {
            client?.Dispose();
        }
    }

    protected static async Task<Guid> AdmitAsync(HttpClient nurse, TestWard ward, string mrn)
    {
        using var response = await nurse.PostAsJsonAsync("/api/admissions", AdmissionBody(ward, mrn: mrn, admittedAgo: TimeSpan.FromHours(6)));
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private static async Task<string> PatientIdAsync(HttpClient client, string mrn)
    {
        var bundle = await FhirClient.OkAsync(client, $"/fhir/Patient?identifier={mrn}");
        return (string)bundle["entry"]![0]!["resource"]!["id"]!;
    }

    protected static string Fhir(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
