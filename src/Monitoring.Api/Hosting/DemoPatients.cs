using Monitoring.Api.Features.Charting;

namespace Monitoring.Api.Hosting;

/// <summary>Plausible courses for the demo ward: most patients settle, one breathes ever slower, one withdraws hard.</summary>
public static class DemoPatients
{
    public const int Deteriorating = 1;
    public const int SevereWithdrawal = 4;

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

    public static RecordCows.Command Cows(Guid admissionId, int patient, int hoursAgo, DateTimeOffset at)
    {
        var severe = patient == SevereWithdrawal && hoursAgo <= 4;
        var moderate = patient == SevereWithdrawal || (patient % 2 == 0 && hoursAgo >= 12);
        int Pick(int mild, int mid, int high) => severe ? high : moderate ? mid : mild;
        var items = new RecordCows.Items(
            RestingPulseRate: null, RestingPulseBpm: Pick(76, 104, 126),
            Sweating: Pick(0, 2, 4), Restlessness: Pick(0, 1, 5), PupilSize: Pick(0, 1, 5), BoneJointAches: Pick(1, 2, 4),
            RunnyNoseTearing: Pick(0, 1, 2), GiUpset: Pick(0, 2, 5), Tremor: Pick(0, 1, 4), Yawning: Pick(0, 1, 2),
            AnxietyIrritability: Pick(1, 2, 2), GoosefleshSkin: Pick(0, 0, 3));
        return new RecordCows.Command(admissionId, at, items, null, null);
    }
}
