using Monitoring.Api.Devices.Hl7;
using Monitoring.Api.Devices.Pcd01;

namespace Monitoring.Api.Tests.Devices;

/// <summary>PCD-01 as this service reads it: the IHE sample messages, and each header check's refusal code.</summary>
public sealed class Pcd01ReaderTests
{
    private static (ObservationReport? Report, Refusal? Refusal) Read(string text) => Pcd01Reader.Read(Hl7Message.Parse(text));

    [Test]
    public void The_physiological_monitor_sample_E_1_1_gives_every_numeric_with_its_ancestors_time()
    {
        var (report, refusal) = Read(PcdSamples.PhysiologicalMonitorE11);

        Assert.That(refusal, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(report!.Mrn, Is.EqualTo("HO2009001"));
            Assert.That(report.Bed, Is.EqualTo("1"));
            Assert.That(report.DeclaresPcd01, Is.True);
            Assert.That(report.Header.ControlId, Is.EqualTo("0104ef190d604db188c1"));
            Assert.That(report.Numerics.Select(n => (n.Code, n.Number)), Is.EqualTo(new (int, double?)[]
            {
                (147842, 60), (150456, 98), (149530, 62), (151562, 14), (150021, 120), (150022, 80), (150023, 93), (150344, 37.2),
            }));
            Assert.That(report.Numerics.Select(n => n.Status).Distinct(), Is.EqualTo(new[] { "X" }));
            Assert.That(report.Numerics[0].Time, Is.EqualTo("20110602045842+0000"), "the channel's OBX-14");
            Assert.That(report.Numerics[1].Time, Is.EqualTo("20110602045840+0000"), "its own channel's, not the previous one's");
            Assert.That(report.Numerics[3].Time, Is.EqualTo("20110602045842+0000"), "no ancestor gives one: OBR-7");
            Assert.That(report.Numerics[4].Time, Is.EqualTo("20110602045500+0000"));
        });
    }

    [Test]
    public void The_episodic_NIBP_sample_E_1_2_gives_its_numerics_in_UCUM_units()
    {
        var (report, _) = Read(PcdSamples.EpisodicNibpE12);

        Assert.Multiple(() =>
        {
            Assert.That(report!.Numerics.Select(n => (n.Code, n.Number, n.UnitIdentifier)), Is.EqualTo(new (int, double?, string)[]
            {
                (150021, 120, "mm[Hg]"), (150022, 80, "mm[Hg]"), (150023, 93, "mm[Hg]"), (149546, 63, "{beat}/min"),
            }));
            Assert.That(report.Numerics.Select(n => n.Status).Distinct(), Is.EqualTo(new[] { "R" }));
            Assert.That(report.Numerics[0].EquipmentId, Is.EqualTo("080019FFFE3ED02D172.16.172.135"));
        });
    }

    private static string WithHeaderField(int field, string value)
    {
        var lines = PcdSamples.EpisodicNibpE12.Split('\r');
        var fields = lines[0].Split('|');
        fields[field - 1] = value;
        lines[0] = string.Join('|', fields);
        return string.Join('\r', lines);
    }

    [TestCase(9, "ADT^A01", AckCode.AR, 200, TestName = "Another message type is rejected with 200")]
    [TestCase(9, "ORU^R30", AckCode.AR, 201, TestName = "Another event is rejected with 201")]
    [TestCase(9, "ORU^R01", AckCode.AA, 0, TestName = "MSH-9's third component is optional")]
    [TestCase(11, "T", AckCode.AR, 202, TestName = "A processing id other than P is rejected with 202")]
    [TestCase(12, "2.4", AckCode.AR, 203, TestName = "Version 2.4 is rejected with 203")]
    [TestCase(12, "2.9", AckCode.AR, 203, TestName = "Version 2.9 is rejected with 203")]
    [TestCase(12, "2.5", AckCode.AA, 0, TestName = "Version 2.5 is accepted")]
    [TestCase(12, "2.8", AckCode.AA, 0, TestName = "Version 2.8 is accepted")]
    [TestCase(10, "", AckCode.AE, 101, TestName = "A missing MSH-10 is an error 101")]
    public void Header_checks(int field, string value, AckCode expected, int errorCode)
    {
        var (report, refusal) = Read(WithHeaderField(field, value));

        Assert.That(refusal?.Code ?? AckCode.AA, Is.EqualTo(expected));
        Assert.That(refusal?.ErrorCode ?? 0, Is.EqualTo(errorCode));
        Assert.That(report is null, Is.EqualTo(refusal is not null));
    }

    [Test]
    public void MSH_21_is_not_required()
    {
        var (report, refusal) = Read(WithHeaderField(21, ""));

        Assert.That(refusal, Is.Null);
        Assert.That(report!.DeclaresPcd01, Is.False);
    }

    [Test]
    public void A_missing_PID_3_is_an_error_101() =>
        Assert.That(Read(PcdSamples.EpisodicNibpE12.Replace("HO2009001^^^NIST^PI", "", StringComparison.Ordinal)).Refusal,
            Is.EqualTo(Refusal.RequiredFieldMissing("PID-3")));

    [Test]
    public void A_numeric_that_is_not_a_number_is_an_error_102() =>
        Assert.That(Read(PcdSamples.EpisodicNibpE12.Replace("|120|", "|12O|", StringComparison.Ordinal)).Refusal?.ErrorCode, Is.EqualTo(102));

    [Test]
    public void A_time_that_is_not_an_HL7_time_is_an_error_102() =>
        Assert.That(Read(PcdSamples.EpisodicNibpE12.Replace("R|||20110602045842+0000", "R|||2011-06-02", StringComparison.Ordinal)).Refusal?.ErrorCode, Is.EqualTo(102));

    [Test]
    public void Unknown_codes_and_other_value_types_are_skipped_and_counted()
    {
        var text = PcdSamples.EpisodicNibpE12 + "OBX|8|NM|150488^MDC_BLD_PERF_INDEX^MDC|1.2.1.1|1.7|262688^MDC_DIM_PERCENT^MDC|||||R\rOBX|9|ST|184327^MDC_ECG_STAT_RHY^MDC|1.2.1.2|PACED||||||R\r";

        var (report, _) = Read(text);

        Assert.That(report!.Numerics, Has.Count.EqualTo(4));
        Assert.That(report.SkippedObservations, Is.EqualTo(2));
    }

    [Test]
    public void A_structured_numeric_holding_a_plain_number_is_read()
    {
        var (report, _) = Read(PcdSamples.EpisodicNibpE12.Replace("OBX|4|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|120|", "OBX|4|SN|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|=^121|", StringComparison.Ordinal));

        Assert.That(report!.Numerics[0].Number, Is.EqualTo(121));
    }
}
