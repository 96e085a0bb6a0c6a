using System.Text;
using Monitoring.Api.Devices.Hl7;

namespace Monitoring.Api.Tests.Devices;

/// <summary>The HL7 v2 reader: segments, fields, repetitions, components, escapes, segment ends and character sets.</summary>
public sealed class Hl7MessageTests
{
    private const string Header = @"MSH|^~\&|MON^0011^EUI-64|FAC|||20260101120000+0000||ORU^R01^ORU_R01|ID1|P|2.6";

    [Test]
    public void Fields_are_numbered_as_in_the_standard_with_MSH_1_the_separator()
    {
        var msh = Hl7Message.Parse(Header + "\r").Header;

        Assert.Multiple(() =>
        {
            Assert.That(msh.Value(1), Is.EqualTo("|"));
            Assert.That(msh.Value(2), Is.EqualTo(@"^~\&"));
            Assert.That(msh.Raw(3), Is.EqualTo("MON^0011^EUI-64"));
            Assert.That(msh.Value(3, 2), Is.EqualTo("0011"));
            Assert.That(msh.Value(9, 2), Is.EqualTo("R01"));
            Assert.That(msh.Value(10), Is.EqualTo("ID1"));
            Assert.That(msh.Value(40), Is.Empty, "a field past the end is empty");
        });
    }

    [TestCase("\r")]
    [TestCase("\n")]
    [TestCase("\r\n")]
    public void Segments_end_with_CR_LF_or_CRLF(string end)
    {
        var message = Hl7Message.Parse(string.Join(end, Header, "PID|||MRN1", "OBX|1|NM|150456^X^MDC|1|97") + end);

        Assert.That(message.Segments.Select(s => s.Id), Is.EqualTo(new[] { "MSH", "PID", "OBX" }));
        Assert.That(message.First("OBX")!.Value(5), Is.EqualTo("97"));
    }

    [Test]
    public void Repetitions_components_and_subcomponents_are_read()
    {
        var obx = Hl7Message.Parse(Header + "\rOBX|1|NM|150456^SAT^MDC|1|97|%||INV~MSK|||R|||||||A&B&C^EUI\r").First("OBX")!;

        Assert.Multiple(() =>
        {
            Assert.That(obx.Repetitions(8), Is.EqualTo(2));
            Assert.That(obx.Value(8, 1, repetition: 2), Is.EqualTo("MSK"));
            Assert.That(obx.Value(18, 1, subcomponent: 2), Is.EqualTo("B"));
            Assert.That(obx.Value(18, 2), Is.EqualTo("EUI"));
        });
    }

    [Test]
    public void Escapes_are_decoded_and_unknown_ones_kept()
    {
        var pid = Hl7Message.Parse(Header + "\r" + @"PID|||A\F\B\S\C\T\D\R\E\E\F\H\x\N\|\.br\|\X" + "\r").First("PID")!;

        Assert.Multiple(() =>
        {
            Assert.That(pid.Value(3), Is.EqualTo(@"A|B^C&D~E\Fx"));
            Assert.That(pid.Value(4), Is.EqualTo(@"\.br\"), "an escape this reader does not know is kept as sent");
            Assert.That(pid.Value(5), Is.EqualTo(@"\X"), "an unterminated escape is kept");
        });
    }

    [Test]
    public void Other_separators_declared_in_MSH_are_used()
    {
        var message = Hl7Message.Parse("MSH#*!$%#APP##\rPID###12*34%56#\r");

        Assert.That(message.First("PID")!.Value(3, 2, subcomponent: 2), Is.EqualTo("56"));
    }

    [TestCase("PID|||1\r", TestName = "Refuses a message that does not begin with MSH")]
    [TestCase("MSH|^~|\r", TestName = "Refuses MSH-2 without four encoding characters")]
    [TestCase("MSH|^^\\&|\r", TestName = "Refuses repeated encoding characters")]
    [TestCase("MSH|^~\\&|A\rpid|||1\r", TestName = "Refuses a lower-case segment id")]
    [TestCase("", TestName = "Refuses an empty message")]
    public void Refuses_what_is_not_HL7_v2(string text) =>
        Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(text));

    [Test]
    public void UTF_8_is_read_when_MSH_18_names_it()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "||||||UNICODE UTF-8\rPID|||Łódź\r");

        Assert.That(Hl7Message.Parse(Hl7Text.Decode(bytes)).First("PID")!.Value(3), Is.EqualTo("Łódź"));
    }

    [TestCase("8859/1")]
    [TestCase("ASCII")]
    [TestCase("")]
    public void Latin_1_and_ASCII_are_read_byte_for_character(string charset)
    {
        var bytes = Encoding.Latin1.GetBytes(Header + $"||||||{charset}\rPID|||Müller\r");

        Assert.That(Hl7Message.Parse(Hl7Text.Decode(bytes)).First("PID")!.Value(3), Is.EqualTo("Müller"));
    }

    [Test]
    public void A_character_set_not_read_here_is_refused() =>
        Assert.Throws<Hl7ParseException>(() => Hl7Text.Decode(Encoding.ASCII.GetBytes(Header + "||||||UNICODE UTF-16\r")));

    [Test]
    public void Encoding_escapes_what_decoding_reads_back()
    {
        const string Text = @"a|b^c&d~e\f";
        var encoded = Hl7Escapes.Encode(Text, Hl7Delimiters.Standard);

        Assert.That(encoded, Does.Not.Contain("|").And.Not.Contain("^"));
        Assert.That(Hl7Escapes.Decode(encoded, Hl7Delimiters.Standard), Is.EqualTo(Text));
    }
}
