using System.Buffers;
using System.Text;
using Monitoring.Api.Devices.Mllp;

namespace Monitoring.Api.Tests.Devices;

/// <summary>MLLP framing over whatever the reads deliver: split frames, several in one read, bytes outside frames.</summary>
public sealed class MllpFramerTests
{
    private static byte[] Framed(string text) => MllpFramer.Wrap(Encoding.ASCII.GetBytes(text));

    /// <summary>Feeds the bytes in reads of the given sizes, as a pipe would, and answers the frames found.</summary>
    private static List<string> Frames(byte[] stream, int readSize, int maximum = 1024)
    {
        var framer = new MllpFramer(maximum);
        var pending = new List<byte>();
        var frames = new List<string>();
        for (var offset = 0; offset < stream.Length; offset += readSize)
        {
            pending.AddRange(stream.Skip(offset).Take(readSize));
            var buffer = new ReadOnlySequence<byte>([.. pending]);
            while (framer.TryRead(ref buffer, out var frame) is var result && result != MllpFramer.Result.NeedMore)
            {
                if (result == MllpFramer.Result.TooLarge)
                {
                    // The service answers AR and closes the connection: nothing after it is read.
                    frames.Add("<too large>");
                    return frames;
                }
                frames.Add(Encoding.ASCII.GetString(frame));
            }
            pending = [.. buffer.ToArray()];
        }
        return frames;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(1000)]
    public void A_frame_split_across_reads_is_whole(int readSize) =>
        Assert.That(Frames(Framed("MSH|one\rPID|x"), readSize), Is.EqualTo(new[] { "MSH|one\rPID|x" }));

    [Test]
    public void Several_frames_in_one_read_come_out_in_order() =>
        Assert.That(Frames([.. Framed("A"), .. Framed("B"), .. Framed("C")], 1000), Is.EqualTo(new[] { "A", "B", "C" }));

    [TestCase(1)]
    [TestCase(1000)]
    public void Bytes_outside_frames_are_dropped(int readSize) =>
        Assert.That(Frames([.. "noise\r\n"u8.ToArray(), .. Framed("A"), 0x0D, 0x0A, (byte)'x', .. Framed("B"), (byte)'y'], readSize), Is.EqualTo(new[] { "A", "B" }));

    [Test]
    public void An_end_block_not_followed_by_CR_is_content() =>
        Assert.That(Frames([MllpFramer.StartBlock, (byte)'A', MllpFramer.EndBlock, (byte)'B', MllpFramer.EndBlock, MllpFramer.CarriageReturn], 1), Is.EqualTo(new[] { "A\u001cB" }));

    [Test]
    public void A_start_block_inside_a_frame_starts_it_again() =>
        Assert.That(Frames([MllpFramer.StartBlock, (byte)'l', (byte)'o', (byte)'s', (byte)'t', .. Framed("A")], 3), Is.EqualTo(new[] { "A" }));

    [Test]
    public void LF_inside_a_frame_is_kept_for_the_reader() =>
        Assert.That(Frames(Framed("MSH|a\nPID|b\r\nOBX|c"), 4), Is.EqualTo(new[] { "MSH|a\nPID|b\r\nOBX|c" }));

    [Test]
    public void A_frame_over_the_limit_is_reported_before_its_end_arrives() =>
        Assert.That(Frames([MllpFramer.StartBlock, .. new byte[40]], 10, maximum: 32), Does.Contain("<too large>"));

    [Test]
    public void A_frame_at_the_limit_is_read() =>
        Assert.That(Frames(Framed(new string('a', 32)), 5, maximum: 32), Is.EqualTo(new[] { new string('a', 32) }));
}
