using System.Text.Json;
using Mediator;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Assessments;
using Monitoring.Api.Features.Doses;
using Monitoring.Api.Features.Observations;
using Monitoring.Clinical;

namespace Monitoring.Api.Hosting;

/// <summary>
/// Two stories of the last hours, charted in order after the day of history: a buprenorphine induction
/// started once COWS reached 10, and a naloxone rescue followed by its re-sedation watch.
/// </summary>
public static class DemoStories
{
    public const string InductionBed = "4B-09";
    public const string RescueBed = "4B-10";

    /// <summary>Heroin last used 20 h ago: by the dose the 12 h wait is over, and withdrawal builds on the ward.</summary>
    public static Admit.Command InductionAdmission(DateTimeOffset now) => new(
        "DEMO1008", "Riley N.", new DateOnly(1988, 3, 14), DemoSeed.Ward, InductionBed,
        [new SubstanceUse("heroin", now.AddHours(-20))], 1, false, now.AddHours(-7));

    public static IEnumerable<IBaseCommand> Induction(Guid admissionId, DateTimeOffset now)
    {
        yield return Vitals(admissionId, now.AddHours(-6).AddMinutes(-30), rr: 16, spo2: 98, hr: 84, sedation: "1");
        yield return Cows(admissionId, now.AddHours(-6), pulse: 84, sweating: 0, restlessness: 1, pupils: 0, aches: 1, runny: 1, yawning: 0, anxiety: 0);
        yield return Cows(admissionId, now.AddHours(-4).AddMinutes(-30), pulse: 96, sweating: 1, restlessness: 1, pupils: 1, aches: 1, runny: 1, yawning: 1, anxiety: 0);
        yield return Vitals(admissionId, now.AddHours(-3).AddMinutes(-5), rr: 18, spo2: 98, hr: 104, sedation: "1");
        yield return Cows(admissionId, now.AddHours(-3), pulse: 104, sweating: 1, restlessness: 1, pupils: 1, aches: 2, runny: 1, yawning: 1, anxiety: 1);
        yield return new RecordDose.Command(admissionId, "buprenorphine", 4m, "mg", Routes.Sublingual, now.AddHours(-2).AddMinutes(-45),
            "COWS 10: induction per protocol", null);
        // The check the first dose calls for, an hour after it: withdrawal settling, not precipitated.
        yield return Cows(admissionId, now.AddHours(-1).AddMinutes(-45), pulse: 84, sweating: 0, restlessness: 0, pupils: 0, aches: 1, runny: 1, yawning: 0, anxiety: 1);
        yield return Vitals(admissionId, now.AddHours(-1).AddMinutes(-40), rr: 16, spo2: 98, hr: 82, sedation: "1");
    }

    public static Admit.Command RescueAdmission(DateTimeOffset now) => new(
        "DEMO1009", "Quinn H.", new DateOnly(1979, 11, 2), DemoSeed.Ward, RescueBed,
        [new SubstanceUse("heroin", now.AddHours(-6))], 1, false, now.AddHours(-5));

    /// <summary>
    /// Breathing slows to 7/min with POSS 3; naloxone 400 mcg IM; vitals with POSS every 15 min as the watch asks, the patient
    /// recovers (the alerts clear); then, as naloxone wears off inside the watch, a relapse to RR 8 and POSS 3 alarms anew.
    /// </summary>
    public static IEnumerable<IBaseCommand> Rescue(Guid admissionId, DateTimeOffset now)
    {
        yield return Vitals(admissionId, now.AddHours(-4), rr: 16, spo2: 97, hr: 78, sedation: "1");
        yield return Cows(admissionId, now.AddHours(-4).AddMinutes(5), pulse: 78, sweating: 0, restlessness: 0, pupils: 0, aches: 1, runny: 0, yawning: 0, anxiety: 1);
        yield return Vitals(admissionId, now.AddHours(-2), rr: 12, spo2: 95, hr: 66, sedation: "2");
        yield return Vitals(admissionId, now.AddHours(-1).AddMinutes(-45), rr: 7, spo2: 89, hr: 58, sedation: "3", consciousness: "V");
        var givenAt = now.AddHours(-1).AddMinutes(-40);
        yield return new RecordDose.Command(admissionId, "naloxone", 400m, "mcg", Routes.Intramuscular, givenAt, "RR 7/min, POSS 3", null);
        (int Rr, int Spo2, string Poss)[] recovery = [(10, 93, "2"), (12, 95, "2"), (14, 96, "1"), (14, 97, "1"), (15, 97, "1"), (16, 97, "1")];
        for (var check = 0; check < recovery.Length; check++)
        {
            var (rr, spo2, poss) = recovery[check];
            yield return Vitals(admissionId, givenAt.AddMinutes(15 * (check + 1)), rr, spo2, hr: 70 + check, sedation: poss);
        }
        yield return Vitals(admissionId, givenAt.AddMinutes(98), rr: 8, spo2: 90, hr: 62, sedation: "3");
    }

    private static RecordVitals.Command Vitals(Guid admissionId, DateTimeOffset at, int rr, int spo2, int hr, string sedation, string consciousness = "A") =>
        new(admissionId, at, RespiratoryRate: rr, Spo2: spo2, OnOxygen: false, SystolicBp: 124, DiastolicBp: 78, HeartRate: hr,
            TemperatureC: 36.7m, Consciousness: consciousness, Sedation: sedation, Note: null);

    private static RecordAssessment.Command Cows(Guid admissionId, DateTimeOffset at, int pulse, int sweating, int restlessness, int pupils, int aches, int runny, int yawning, int anxiety)
    {
        var items = new Dictionary<string, int>
        {
            ["restingPulseBpm"] = pulse,
            ["sweating"] = sweating,
            ["restlessness"] = restlessness,
            ["pupilSize"] = pupils,
            ["boneJointAches"] = aches,
            ["runnyNoseTearing"] = runny,
            ["giUpset"] = 0,
            ["tremor"] = 0,
            ["yawning"] = yawning,
            ["anxietyIrritability"] = anxiety,
            ["goosefleshSkin"] = 0,
        };
        return new(admissionId, "cows", at, items.ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value)), null, null);
    }
}
