using Monitoring.Clinical.Devices;

namespace Monitoring.Clinical.Tests.Devices;

/// <summary>The design's code and unit table, row by row: every code, every accepted unit, the stored value.</summary>
public sealed class MonitorParametersTests
{
    private static (MappedSample? Sample, SampleFault Fault) Map(int code, double value, string unitIdentifier, string unitText = "") =>
        SampleValidity.Map(code, value.ToString(System.Globalization.CultureInfo.InvariantCulture), value, unitIdentifier, unitText, "R", [], acceptStatusX: false);

    // parameter, code, value sent, unit identifier (OBX-6.1), unit text (OBX-6.2), stored value
    private static readonly object[] Rows =
    [
        new object[] { MonitorParameter.RespiratoryRate, 151562, 14.0, "264928", "MDC_DIM_RESP_PER_MIN", 14.0 },
        new object[] { MonitorParameter.RespiratoryRate, 151570, 14.0, "/min", "", 14.0 },
        new object[] { MonitorParameter.RespiratoryRate, 151578, 14.0, "{breaths}/min", "", 14.0 },
        new object[] { MonitorParameter.RespiratoryRate, 151594, 14.0, "", "MDC_DIM_RESP_PER_MIN", 14.0 },
        new object[] { MonitorParameter.RespiratoryRate, 151658, 14.0, "264928", "", 14.0 },
        new object[] { MonitorParameter.Spo2, 150456, 97.0, "262688", "MDC_DIM_PERCENT", 97.0 },
        new object[] { MonitorParameter.Spo2, 150456, 97.0, "%", "%", 97.0 },
        new object[] { MonitorParameter.HeartRate, 147842, 72.0, "264864", "MDC_DIM_BEAT_PER_MIN", 72.0 },
        new object[] { MonitorParameter.HeartRate, 149530, 72.0, "/min", "", 72.0 },
        new object[] { MonitorParameter.HeartRate, 149546, 72.0, "{beat}/min", "{beat}/min", 72.0 },
        new object[] { MonitorParameter.SystolicBp, 150021, 120.0, "266016", "MDC_DIM_MMHG", 120.0 },
        new object[] { MonitorParameter.SystolicBp, 150301, 16.0, "265987", "MDC_DIM_KILO_PASCAL", 120.00992 },
        new object[] { MonitorParameter.DiastolicBp, 150022, 80.0, "mm[Hg]", "mm[Hg]", 80.0 },
        new object[] { MonitorParameter.DiastolicBp, 150302, 10.0, "kPa", "", 75.0062 },
        new object[] { MonitorParameter.MeanBp, 150023, 93.0, "266016", "", 93.0 },
        new object[] { MonitorParameter.MeanBp, 150303, 12.4, "kPa", "kPa", 93.007688 },
        new object[] { MonitorParameter.TemperatureC, 150364, 37.2, "268192", "MDC_DIM_DEGC", 37.2 },
        new object[] { MonitorParameter.TemperatureC, 150344, 37.2, "Cel", "", 37.2 },
        new object[] { MonitorParameter.TemperatureC, 150368, 98.6, "266560", "MDC_DIM_FAHR", 37.0 },
        new object[] { MonitorParameter.TemperatureC, 150392, 98.6, "[degF]", "", 37.0 },
        new object[] { MonitorParameter.TemperatureC, 188420, 36.5, "Cel", "", 36.5 },
        new object[] { MonitorParameter.TemperatureC, 188424, 36.5, "Cel", "", 36.5 },
        new object[] { MonitorParameter.TemperatureC, 188428, 36.5, "Cel", "", 36.5 },
        new object[] { MonitorParameter.TemperatureC, 188452, 36.5, "Cel", "", 36.5 },
        new object[] { MonitorParameter.Etco2, 151708, 38.0, "266016", "MDC_DIM_MMHG", 38.0 },
        new object[] { MonitorParameter.Etco2, 151728, 5.0, "265987", "", 37.5031 },
    ];

    [TestCaseSource(nameof(Rows))]
    public void Each_code_and_unit_becomes_the_stored_value(MonitorParameter parameter, int code, double sent, string unitIdentifier, string unitText, double stored)
    {
        var (sample, fault) = Map(code, sent, unitIdentifier, unitText);

        Assert.That(fault, Is.EqualTo(SampleFault.Valid));
        Assert.That(sample!.Row.Parameter, Is.EqualTo(parameter));
        Assert.That(sample.Value, Is.EqualTo(stored).Within(1e-6));
    }

    [Test]
    public void Every_code_of_the_table_has_a_row_above() =>
        Assert.That(MonitorParameters.Table.SelectMany(row => row.Codes).Order(), Is.EqualTo(Rows.Select(row => (int)((object[])row)[1]).Distinct().Order()));

    [Test]
    public void Codes_are_ranked_in_the_table_order_first_present_wins()
    {
        var heartRate = MonitorParameters.Row(MonitorParameter.HeartRate);

        Assert.That(new[] { 147842, 149530, 149546 }.Select(heartRate.RankOf), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [TestCase(150456, "264864", TestName = "SpO2 in beats per minute is not accepted")]
    [TestCase(151562, "%", TestName = "A respiratory rate in percent is not accepted")]
    [TestCase(150344, "mm[Hg]", TestName = "A temperature in mmHg is not accepted")]
    [TestCase(150021, "", TestName = "A pressure without a unit is not accepted")]
    public void A_unit_not_in_the_row_is_refused(int code, string unit) =>
        Assert.That(Map(code, 50, unit).Fault, Is.EqualTo(SampleFault.UnitNotAccepted));

    [Test]
    public void Codes_outside_the_table_are_unknown() =>
        Assert.That(MonitorParameters.ForCode(150488), Is.Null);
}
