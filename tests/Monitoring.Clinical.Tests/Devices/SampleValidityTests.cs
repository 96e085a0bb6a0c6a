using Monitoring.Clinical.Devices;

namespace Monitoring.Clinical.Tests.Devices;

/// <summary>Each validity rule of a monitor's numeric: OBX-11, OBX-8, empty and special values, physiological range.</summary>
public sealed class SampleValidityTests
{
    private static SampleFault Fault(string value = "97", string status = "R", string[]? flags = null, bool acceptStatusX = false, int code = 150456, string unit = "262688") =>
        SampleValidity.Map(code, value, SampleValidity.ParseNumber("NM", value), unit, "", status, flags ?? [], acceptStatusX).Fault;

    [TestCase("R")]
    [TestCase("F")]
    [TestCase("")]
    public void Final_and_unflagged_results_are_valid(string status) => Assert.That(Fault(status: status), Is.EqualTo(SampleFault.Valid));

    [TestCase("X")]
    [TestCase("W")]
    [TestCase("D")]
    public void Results_that_cannot_be_obtained_wrong_or_deleted_are_not_valid(string status) =>
        Assert.That(Fault(status: status), Is.EqualTo(SampleFault.ResultStatus));

    [Test]
    public void Status_X_is_accepted_when_the_gateway_sends_every_value_so()
    {
        Assert.That(Fault(status: "X", acceptStatusX: true), Is.EqualTo(SampleFault.Valid));
        Assert.That(Fault(status: "W", acceptStatusX: true), Is.EqualTo(SampleFault.ResultStatus), "only X");
    }

    [TestCase("INV")]
    [TestCase("NAV")]
    [TestCase("OFF")]
    [TestCase("NAN")]
    [TestCase("PINF")]
    [TestCase("NINF")]
    [TestCase("MSK")]
    [TestCase("CAL")]
    [TestCase("TEST")]
    [TestCase("DEMO")]
    public void A_measurement_status_flag_makes_it_not_valid(string flag) =>
        Assert.That(Fault(flags: ["N", flag]), Is.EqualTo(SampleFault.AbnormalFlag));

    [Test]
    public void Ordinary_abnormal_flags_do_not() => Assert.That(Fault(flags: ["L", "N"]), Is.EqualTo(SampleFault.Valid));

    [Test]
    public void An_empty_value_is_not_valid() => Assert.That(Fault(value: ""), Is.EqualTo(SampleFault.NoValue));

    [TestCase("8388607")]
    [TestCase("8388608")]
    [TestCase("8388606")]
    [TestCase("8388610")]
    [TestCase("8388609")]
    public void IEEE_11073_special_values_are_not_valid(string value) =>
        Assert.That(Fault(value: value), Is.EqualTo(SampleFault.SpecialValue));

    [TestCase(150456, "262688", "49", SampleFault.OutOfRange)]
    [TestCase(150456, "262688", "50", SampleFault.Valid)]
    [TestCase(150456, "262688", "100", SampleFault.Valid)]
    [TestCase(150456, "262688", "101", SampleFault.OutOfRange)]
    [TestCase(151562, "264928", "0", SampleFault.Valid)]
    [TestCase(151562, "264928", "81", SampleFault.OutOfRange)]
    [TestCase(147842, "264864", "19", SampleFault.OutOfRange)]
    [TestCase(150021, "266016", "301", SampleFault.OutOfRange)]
    [TestCase(150022, "266016", "19", SampleFault.OutOfRange)]
    [TestCase(150344, "268192", "45.1", SampleFault.OutOfRange)]
    [TestCase(150344, "266560", "113", SampleFault.Valid)]
    [TestCase(151708, "266016", "0", SampleFault.Valid)]
    [TestCase(151708, "266016", "150", SampleFault.Valid)]
    [TestCase(151708, "266016", "151", SampleFault.OutOfRange)]
    [TestCase(151708, "265987", "20.1", SampleFault.OutOfRange)]
    public void Values_outside_the_physiological_range_are_not_valid(int code, string unit, string value, SampleFault expected) =>
        Assert.That(Fault(code: code, unit: unit, value: value), Is.EqualTo(expected));

    [TestCase("NM", "97", "", 97.0)]
    [TestCase("NM", "-1.5", "", -1.5)]
    [TestCase("NM", "1e3", "", null)]
    [TestCase("SN", "97", "=", 97.0)]
    [TestCase("SN", "97", "", 97.0)]
    [TestCase("SN", "97", "<", null)]
    [TestCase("NM", "NaN", "", null)]
    public void Numbers_are_read_plainly(string valueType, string value, string comparator, double? expected) =>
        Assert.That(SampleValidity.ParseNumber(valueType, value, comparator), Is.EqualTo(expected));
}
