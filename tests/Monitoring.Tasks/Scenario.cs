using System.Globalization;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Tasks;

/// <summary>
/// A ten-bed ward like the one of the usability review: several patients with open alerts, four of them breathing
/// too slowly, made through the API (so scores and alerts are the service's own) and fresh for every task.
/// </summary>
internal sealed class Scenario
{
    public const string Password = "tasks-password-1";
    public const int BedCount = 10;

    private Scenario(string ward) => Ward = ward;

    public string Ward { get; }

    public string Bed(int number) => $"{Ward}-{number.ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>A stable patient: no alert and NEWS2 0, so the board puts the bed last.</summary>
    public string StableBed => Bed(3);

    public const string StablePatientFirstName = "Cara";

    /// <summary>Respiratory depression with SpO2 88 % and responding to voice only: the highest NEWS2 of the high alerts.</summary>
    public string SickestBed => Bed(6);

    /// <summary>The respiratory depression charted last.</summary>
    public string NewestDepressionBed => Bed(10);

    public static async Task<Scenario> MakeAsync(ServiceProcess service)
    {
        var scenario = new Scenario("T" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture));
        var beds = Enumerable.Range(1, BedCount).Select(scenario.Bed).ToArray();
        using (var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword))
        {
            await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = scenario.Ward, name = $"Ward {scenario.Ward}", beds });
            foreach (var role in new[] { "nurse", "physician" })
            {
                await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = scenario.User(role), password = Password, role, wards = new[] { scenario.Ward } });
            }
        }
        using var nurse = await service.SignedInAsync(scenario.User("nurse"), Password);
        var names = new[] { "Ada Ames", "Ben Birch", $"{StablePatientFirstName} Cole", "Dev Dunn", "Eli East", "Fay Ford", "Gil Gray", "Hana Hill", "Ivo Irwin", "Joy Jones" };
        var admissions = new string[BedCount + 1];
        for (var n = 1; n <= BedCount; n++)
        {
            var admission = await ServiceProcess.PostOkAsync(nurse, "/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = names[n - 1], dateOfBirth = "1984-05-02", ward = scenario.Ward, bed = beds[n - 1], substances = new[] { "opioid" }, admittedAt = DateTimeOffset.UtcNow.ToString("O") });
            admissions[n] = (string)admission["id"]!;
        }
        // In the order of the day: the stable beds, the withdrawals, then the slow breathing, bed 10 last.
        await VitalsAsync(nurse, admissions[3], rr: 16);
        await VitalsAsync(nurse, admissions[8], rr: 18, hr: 95);
        await VitalsAsync(nurse, admissions[9], rr: 21, hr: 95);
        await CowsAsync(nurse, admissions[1], each: 4);
        await CowsAsync(nurse, admissions[7], each: 2);
        await VitalsAsync(nurse, admissions[5], rr: 22, hr: 118, sbp: 99);
        await VitalsAsync(nurse, admissions[2], rr: 6, poss: "3");
        await VitalsAsync(nurse, admissions[6], rr: 6, poss: "3", spo2: 88, consciousness: "V");
        await VitalsAsync(nurse, admissions[4], rr: 7, poss: "3", spo2: 91);
        await VitalsAsync(nurse, admissions[10], rr: 8, poss: "3");
        return scenario;
    }

    public string User(string role) => $"{role}-{Ward}";

    private static Task VitalsAsync(HttpClient nurse, string admission, int rr, string poss = "1", int spo2 = 97, string consciousness = "A", int hr = 72, int sbp = 124) =>
        ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = rr, spo2, onOxygen = false, systolicBp = sbp, diastolicBp = 78, heartRate = hr, temperatureC = 36.8, consciousness, sedation = poss });

    private static Task CowsAsync(HttpClient nurse, string admission, int each) =>
        ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), items = new { restingPulseRate = 1, sweating = each, restlessness = 1, pupilSize = 1, boneJointAches = each, runnyNoseTearing = each, giUpset = each >= 4 ? 5 : each, tremor = 1, yawning = 1, anxietyIrritability = each, goosefleshSkin = 0 } });
}
