using System.Globalization;

namespace Monitoring.DeviceSimulator;

/// <summary>One numeric of a message: MDC code and reference id, value, MDC unit, and the flag a probe-off value carries.</summary>
public sealed record Numeric(int Code, string ReferenceId, string Value, string UnitCode, string UnitReferenceId, string Flag = "");

/// <summary>
/// A bedside monitor at one bed: which patient (PID-3), where (PV1-3), and what its story makes it measure
/// at a time since it started. Six numerics a message: RR, SpO2, HR (pulse oximeter), EtCO2, systolic and diastolic BP.
/// </summary>
public sealed class SimulatedMonitor(string ward, string bed, string mrn, Story story, int seed)
{
    public const string NotAvailable = "8388607";
    private static readonly TimeSpan DepressionLength = TimeSpan.FromMinutes(10);

    private readonly Random _noise = new(seed);
    private long _sequence;

    public string Ward => ward;

    public string Bed => bed;

    public string Mrn => mrn;

    public Story Story => story;

    /// <summary>The device's EUI-64, stable for the bed.</summary>
    public string DeviceId { get; } = $"{(uint)HashCode.Combine(ward, bed):X8}{(uint)seed:X8}";

    /// <summary>Whether the monitor sends at all <paramref name="elapsed"/> after it started.</summary>
    public bool Sends(TimeSpan elapsed) => story != Story.Silent || elapsed < TimeSpan.FromMinutes(2);

    public IReadOnlyList<Numeric> Measure(TimeSpan elapsed)
    {
        var f = story == Story.OpioidDepression ? Math.Min(1, elapsed / DepressionLength) : 0;
        var rr = Jitter(16 - (10 * f), 1);
        // 88 % at four minutes: the demo's alarm comes within five, as the story promises.
        var spo2 = Math.Min(100, Jitter(96 - (20 * f), 0.6));
        var hr = Jitter(78 - (12 * f), 2);
        var etco2 = Jitter(37 + (20 * f), 1);
        var probeOff = story == Story.ProbeOff && elapsed.TotalMinutes % 10 is >= 2 and < 4;
        return
        [
            new(151562, "MDC_RESP_RATE", Format(rr), "264928", "MDC_DIM_RESP_PER_MIN"),
            probeOff ? new(150456, "MDC_PULS_OXIM_SAT_O2", NotAvailable, "262688", "MDC_DIM_PERCENT", "OFF") : new(150456, "MDC_PULS_OXIM_SAT_O2", Format(spo2), "262688", "MDC_DIM_PERCENT"),
            probeOff ? new(149530, "MDC_PULS_OXIM_PULS_RATE", NotAvailable, "264864", "MDC_DIM_BEAT_PER_MIN", "OFF") : new(149530, "MDC_PULS_OXIM_PULS_RATE", Format(hr), "264864", "MDC_DIM_BEAT_PER_MIN"),
            new(151708, "MDC_AWAY_CO2_ET", Format(etco2), "266016", "MDC_DIM_MMHG"),
            new(150021, "MDC_PRESS_BLD_NONINV_SYS", Format(Jitter(124, 3)), "266016", "MDC_DIM_MMHG"),
            new(150022, "MDC_PRESS_BLD_NONINV_DIA", Format(Jitter(78, 2)), "266016", "MDC_DIM_MMHG"),
        ];
    }

    /// <summary>The next message: an ORU^R01 of the numerics at <paramref name="at"/>, with a control id unique to this monitor.</summary>
    public string NextMessage(DateTimeOffset at, TimeSpan elapsed) =>
        MonitorMessages.Observation(this, $"{DeviceId}{Interlocked.Increment(ref _sequence):D10}", at, Measure(elapsed));

    private double Jitter(double value, double spread) => value + ((_noise.NextDouble() - 0.5) * 2 * spread);

    private static string Format(double value) => Math.Round(value, 0).ToString(CultureInfo.InvariantCulture);
}
