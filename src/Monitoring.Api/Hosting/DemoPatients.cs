using System.Text.Json;
using Monitoring.Api.Features.Assessments;
using Monitoring.Api.Features.Observations;
using Monitoring.Clinical;

namespace Monitoring.Api.Hosting;

/// <summary>Plausible courses for the demo ward: most patients settle, one breathes ever slower, one withdraws hard.</summary>
public static class DemoPatients
{
    public const int Deteriorating = 1;
    public const int SevereWithdrawal = 4;
    public const int AlcoholWithdrawal = 6;

    /// <summary>Patient 6 withdraws from alcohol only; every third from opioids and alcohol; the rest from opioids.</summary>
    public static string[] Substances(int patient) => patient switch
    {
        AlcoholWithdrawal => ["alcohol"],
        _ when patient % 3 == 2 => ["opioid", "alcohol"],
        _ => ["opioid"],
    };

    public static RecordVitals.Command Vitals(Guid admissionId, int patient, int hoursAgo, DateTimeOffset at)
    {
        var wobble = ((patient * 7) + hoursAgo) % 3;
        return patient switch
        {
            // Opioid toxicity developing over the last hours: slower breathing, drowsier, lower saturation.
            Deteriorating => new RecordVitals.Command(admissionId, at,
                RespiratoryRate: hoursAgo switch { >= 12 => 16, >= 4 => 12, 2 => 10, _ => 7 },
                Spo2: hoursAgo switch { >= 4 => 96, 2 => 94, _ => 91 },
                OnOxygen: false, SystolicBp: 118 - (hoursAgo < 4 ? 10 : 0), DiastolicBp: 74, HeartRate: 64,
                TemperatureC: 36.6m, Consciousness: hoursAgo <= 1 ? "V" : "A",
                Sedation: hoursAgo switch { >= 4 => "1", 2 => "2", _ => "3" }, Note: null),
            SevereWithdrawal => new RecordVitals.Command(admissionId, at,
                RespiratoryRate: 20 + wobble, Spo2: 98, OnOxygen: false, SystolicBp: 148 + wobble, DiastolicBp: 92,
                HeartRate: hoursAgo <= 4 ? 124 : 104, TemperatureC: 37.6m, Consciousness: "A", Sedation: "1", Note: null),
            _ => new RecordVitals.Command(admissionId, at,
                RespiratoryRate: 14 + wobble, Spo2: 96 + wobble % 2, OnOxygen: false, SystolicBp: 122 + (patient * 2),
                DiastolicBp: 78, HeartRate: 72 + (patient * 3) + wobble, TemperatureC: 36.5m + (wobble / 10m),
                Consciousness: "A", Sedation: "1", Note: null),
        };
    }

    public static RecordAssessment.Command Assessment(Guid admissionId, AssessmentScale scale, int patient, int hoursAgo, DateTimeOffset at) =>
        scale.Kind == CowsScale.Instance.Kind ? Cows(admissionId, patient, hoursAgo, at) : AnyScale(admissionId, scale, patient, hoursAgo, at);

    private static RecordAssessment.Command Cows(Guid admissionId, int patient, int hoursAgo, DateTimeOffset at)
    {
        var severe = patient == SevereWithdrawal && hoursAgo <= 4;
        var moderate = patient == SevereWithdrawal || (patient % 2 == 0 && hoursAgo >= 12);
        int Pick(int mild, int mid, int high) => severe ? high : moderate ? mid : mild;
        return Command(admissionId, "cows", at, new()
        {
            ["restingPulseBpm"] = Pick(76, 104, 126),
            ["sweating"] = Pick(0, 2, 4),
            ["restlessness"] = Pick(0, 1, 5),
            ["pupilSize"] = Pick(0, 1, 5),
            ["boneJointAches"] = Pick(1, 2, 4),
            ["runnyNoseTearing"] = Pick(0, 1, 2),
            ["giUpset"] = Pick(0, 2, 5),
            ["tremor"] = Pick(0, 1, 4),
            ["yawning"] = Pick(0, 1, 2),
            ["anxietyIrritability"] = Pick(1, 2, 2),
            ["goosefleshSkin"] = Pick(0, 0, 3),
        });
    }

    // Any other scale from its description: the alcohol-withdrawal patient worsens through the day, others stay mild.
    private static RecordAssessment.Command AnyScale(Guid admissionId, AssessmentScale scale, int patient, int hoursAgo, DateTimeOffset at)
    {
        var fraction = patient == AlcoholWithdrawal ? hoursAgo switch { >= 16 => 0.15, >= 8 => 0.3, >= 4 => 0.45, _ => 0.55 } : 0.1;
        var items = scale.Items.ToDictionary(item => item.Name, item =>
        {
            var wanted = (int)Math.Round(item.Maximum * fraction, MidpointRounding.AwayFromZero);
            return item.Values.Where(v => v.Score <= wanted).Max(v => v.Score);
        });
        return Command(admissionId, scale.Kind, at, items);
    }

    private static RecordAssessment.Command Command(Guid admissionId, string kind, DateTimeOffset at, Dictionary<string, int> items) =>
        new(admissionId, kind, at, items.ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value)), null, null);
}
