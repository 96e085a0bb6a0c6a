namespace Monitoring.Clinical.Devices;

/// <summary>The parameters a bedside monitor's numerics become; the names are the wire names of the read API.</summary>
public enum MonitorParameter
{
    RespiratoryRate,
    Spo2,
    HeartRate,
    SystolicBp,
    DiastolicBp,
    MeanBp,
    TemperatureC,
    Etco2,
}

/// <summary>One unit a monitor may send (by MDC number, MDC reference id or UCUM code) and how it becomes the stored unit.</summary>
public sealed record MonitorUnit(string Number, string ReferenceId, string[] Ucum, Func<double, double> ToStored);

/// <summary>
/// One row of the table: a parameter, its MDC codes in order of preference (the first present wins for
/// alarms and tiles), the units accepted, the stored unit and the physiological range of a stored value.
/// </summary>
public sealed record MonitorParameterRow(MonitorParameter Parameter, int[] Codes, MonitorUnit[] Units, string StoredUnit, double Min, double Max)
{
    public int RankOf(int code) => Array.IndexOf(Codes, code);
}

/// <summary>The MDC code and unit table of the design, in one place; keyed on the numeric code, never the reference id.</summary>
public static class MonitorParameters
{
    public const double MmHgPerKilopascal = 7.50062;

    private static readonly MonitorUnit PerMinuteBreaths = new("264928", "MDC_DIM_RESP_PER_MIN", ["/min", "{breaths}/min"], Same);
    private static readonly MonitorUnit Percent = new("262688", "MDC_DIM_PERCENT", ["%"], Same);
    private static readonly MonitorUnit PerMinuteBeats = new("264864", "MDC_DIM_BEAT_PER_MIN", ["/min", "{beat}/min"], Same);
    private static readonly MonitorUnit MmHg = new("266016", "MDC_DIM_MMHG", ["mm[Hg]"], Same);
    private static readonly MonitorUnit Kilopascal = new("265987", "MDC_DIM_KILO_PASCAL", ["kPa"], kPa => kPa * MmHgPerKilopascal);
    private static readonly MonitorUnit Celsius = new("268192", "MDC_DIM_DEGC", ["Cel"], Same);
    private static readonly MonitorUnit Fahrenheit = new("266560", "MDC_DIM_FAHR", ["[degF]"], f => (f - 32) * 5 / 9);

    public static readonly IReadOnlyList<MonitorParameterRow> Table =
    [
        new(MonitorParameter.RespiratoryRate, [151562, 151570, 151578, 151594, 151658], [PerMinuteBreaths], "/min", 0, 80),
        new(MonitorParameter.Spo2, [150456], [Percent], "%", 50, 100),
        new(MonitorParameter.HeartRate, [147842, 149530, 149546], [PerMinuteBeats], "/min", 20, 300),
        new(MonitorParameter.SystolicBp, [150021, 150301], [MmHg, Kilopascal], "mmHg", 40, 300),
        new(MonitorParameter.DiastolicBp, [150022, 150302], [MmHg, Kilopascal], "mmHg", 20, 200),
        // The vitals API charts no mean pressure: its range spans diastolic's lowest to systolic's highest.
        new(MonitorParameter.MeanBp, [150023, 150303], [MmHg, Kilopascal], "mmHg", 20, 300),
        new(MonitorParameter.TemperatureC, [150364, 150344, 150368, 150392, 188420, 188424, 188428, 188452], [Celsius, Fahrenheit], "°C", 25, 45),
        new(MonitorParameter.Etco2, [151708, 151728], [MmHg, Kilopascal], "mmHg", 0, 150),
    ];

    private static readonly Dictionary<int, MonitorParameterRow> ByCode =
        Table.SelectMany(row => row.Codes.Select(code => (code, row))).ToDictionary(pair => pair.code, pair => pair.row);

    public static MonitorParameterRow? ForCode(int code) => ByCode.GetValueOrDefault(code);

    public static MonitorParameterRow Row(MonitorParameter parameter) => Table.Single(row => row.Parameter == parameter);

    /// <summary>
    /// The unit of a row that OBX-6 names, by its identifier (first component) or its text (second): MDC
    /// sends <c>266016^MDC_DIM_MMHG^MDC</c>, UCUM <c>mm[Hg]^mm[Hg]^UCUM</c>. Null when not accepted.
    /// </summary>
    public static MonitorUnit? UnitOf(MonitorParameterRow row, string identifier, string text) =>
        row.Units.FirstOrDefault(unit => Names(unit, identifier)) ?? row.Units.FirstOrDefault(unit => Names(unit, text));

    private static bool Names(MonitorUnit unit, string name) =>
        name.Length > 0 && (name == unit.Number || name == unit.ReferenceId || unit.Ucum.Contains(name, StringComparer.Ordinal));

    private static double Same(double value) => value;
}
