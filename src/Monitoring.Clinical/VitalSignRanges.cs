using System.Globalization;

namespace Monitoring.Clinical;

public sealed record RangeViolation(string Field, string Message);

/// <summary>A charted vital sign as the form asks for it: its wire name, label, unit, possible range and step.</summary>
public sealed record VitalSignField(string Name, string Label, string Unit, decimal Minimum, decimal Maximum, decimal Step);

/// <summary>Physiologically possible values: anything outside is a typing error, never a reading.</summary>
public static class VitalSignRanges
{
    public static readonly (int Min, int Max) RespiratoryRate = (0, 80);
    public static readonly (int Min, int Max) SpO2 = (50, 100);
    public static readonly (int Min, int Max) SystolicBp = (40, 300);
    public static readonly (int Min, int Max) DiastolicBp = (20, 200);
    public static readonly (int Min, int Max) HeartRate = (20, 300);
    public static readonly (decimal Min, decimal Max) TemperatureC = (25.0m, 45.0m);

    /// <summary>The charted fields in the order the form shows them.</summary>
    public static IReadOnlyList<VitalSignField> Fields { get; } =
    [
        new("respiratoryRate", "Respiratory rate", "/min", RespiratoryRate.Min, RespiratoryRate.Max, 1),
        new("spo2", "SpO2", "%", SpO2.Min, SpO2.Max, 1),
        new("systolicBp", "Systolic BP", "mmHg", SystolicBp.Min, SystolicBp.Max, 1),
        new("diastolicBp", "Diastolic BP", "mmHg", DiastolicBp.Min, DiastolicBp.Max, 1),
        new("heartRate", "Heart rate", "/min", HeartRate.Min, HeartRate.Max, 1),
        new("temperatureC", "Temperature", "°C", TemperatureC.Min, TemperatureC.Max, 0.1m),
    ];

    public static IReadOnlyList<RangeViolation> Check(VitalSigns vitals)
    {
        var violations = new List<RangeViolation>();
        void Within<T>(string field, string name, string unit, T? value, (T Min, T Max) range)
            where T : struct, IComparable<T>, IFormattable
        {
            if (value is { } v && (v.CompareTo(range.Min) < 0 || v.CompareTo(range.Max) > 0))
            {
                violations.Add(new RangeViolation(field, string.Create(CultureInfo.InvariantCulture,
                    $"{name} must be between {range.Min} and {range.Max} {unit}; {v} was entered.")));
            }
        }

        Within("respiratoryRate", "Respiratory rate", "/min", vitals.RespiratoryRate, RespiratoryRate);
        Within("spo2", "SpO2", "%", vitals.SpO2, SpO2);
        Within("systolicBp", "Systolic blood pressure", "mmHg", vitals.SystolicBp, SystolicBp);
        Within("diastolicBp", "Diastolic blood pressure", "mmHg", vitals.DiastolicBp, DiastolicBp);
        Within("heartRate", "Heart rate", "/min", vitals.HeartRate, HeartRate);
        Within("temperatureC", "Temperature", "°C", vitals.TemperatureC, TemperatureC);
        if (vitals is { SystolicBp: { } systolic, DiastolicBp: { } diastolic } && diastolic >= systolic)
        {
            violations.Add(new RangeViolation("diastolicBp",
                $"Diastolic blood pressure ({diastolic} mmHg) must be below systolic ({systolic} mmHg)."));
        }
        return violations;
    }
}
