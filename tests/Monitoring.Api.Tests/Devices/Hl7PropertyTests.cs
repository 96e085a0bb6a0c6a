using System.Text;
using CsCheck;
using Monitoring.Api.Devices.Hl7;
using Monitoring.Api.Devices.Pcd01;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// Whatever arrives in a frame, random or a sample message damaged at random, reading it ends in a parse
/// error or a result (a report or a refusal), never in another exception and never in a hang.
/// </summary>
public sealed class Hl7PropertyTests
{
    // Separators, segment ends, escapes, digits and the letters of segment ids: mutations that reach deep paths.
    private const string Alphabet = "|^~\\&\r\n0123456789.+-=MSHPIDVOBRXNTEFUC %#";

    private static readonly Gen<string> Random = Gen.String[Gen.Char[Alphabet], 0, 400];

    private static readonly Gen<string> RandomAfterHeader = Random.Select(tail => @"MSH|^~\&|" + tail);

    private static readonly Gen<(int Position, int Operation, char Character)> Mutation =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Gen.Char[Alphabet]);

    private static readonly Gen<string> Mutated =
        from sample in Gen.OneOf(PcdSamples.PhysiologicalMonitorE11, PcdSamples.EpisodicNibpE12)
        from mutations in Mutation.Array[1, 12]
        select Apply(sample, mutations);

    [Test]
    [CancelAfter(120_000)]
    public void Random_text_gives_a_parse_error_or_a_result() => RandomAfterHeader.Sample(ReadsOrRefuses, iter: 20_000);

    [Test]
    [CancelAfter(120_000)]
    public void Mutated_sample_messages_give_a_parse_error_or_a_result() => Mutated.Sample(ReadsOrRefuses, iter: 20_000);

    [Test]
    [CancelAfter(120_000)]
    public void Random_bytes_in_any_declared_character_set_give_a_parse_error_or_a_result() =>
        Gen.Select(Gen.OneOf("", "ASCII", "8859/1", "UNICODE UTF-8", "UNICODE UTF-16"), Gen.Byte.Array[0, 300])
            .Sample((charset, tail) =>
            {
                var header = Encoding.ASCII.GetBytes($"MSH|^~\\&|A|B|||20260101||ORU^R01|1|P|2.6||||||{charset}\r");
                try
                {
                    ReadsOrRefuses(Hl7Text.Decode([.. header, .. tail]));
                }
                catch (Hl7ParseException)
                {
                    // A parse error is an answer (AR), not a failure.
                }
            }, iter: 10_000);

    [Test]
    public void Unmutated_samples_are_read() =>
        Assert.That(new[] { PcdSamples.PhysiologicalMonitorE11, PcdSamples.EpisodicNibpE12 }.Select(s => Pcd01Reader.Read(Hl7Message.Parse(s)).Report), Has.All.Not.Null);

    private static void ReadsOrRefuses(string text)
    {
        Hl7Message message;
        try
        {
            message = Hl7Message.Parse(text);
        }
        catch (Hl7ParseException)
        {
            return;
        }
        var (report, refusal) = Pcd01Reader.Read(message);
        if ((report is null) == (refusal is null))
        {
            throw new InvalidOperationException("Exactly one of a report and a refusal is expected.");
        }
        _ = Pcd01Reader.HeaderOf(message);
    }

    private static string Apply(string text, (int Position, int Operation, char Character)[] mutations)
    {
        var builder = new StringBuilder(text);
        foreach (var (position, operation, character) in mutations)
        {
            var at = builder.Length == 0 ? 0 : position % builder.Length;
            switch (operation)
            {
                case 0 when builder.Length > 0: builder.Remove(at, 1); break;
                case 1: builder.Insert(at, character); break;
                case 2 when builder.Length > 0: builder[at] = character; break;
            }
        }
        return builder.ToString();
    }
}
