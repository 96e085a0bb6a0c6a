using System.Buffers;

namespace Monitoring.Api.Devices.Mllp;

/// <summary>
/// MLLP framing: <c>0x0B</c> message <c>0x1C 0x0D</c>. Finds the complete frames in what has arrived so far,
/// however the reads split them; bytes outside a frame are dropped; a frame that outgrows the limit is reported.
/// </summary>
public sealed class MllpFramer(int maximumFrameBytes)
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    public enum Result
    {
        NeedMore,
        Frame,
        TooLarge,
    }

    private static ReadOnlySpan<byte> Blocks => [EndBlock, StartBlock];

    /// <summary>
    /// Takes the next frame from <paramref name="buffer"/> and moves the buffer past it. On <see cref="Result.NeedMore"/>
    /// the buffer starts at the unfinished frame's start block (or is empty), ready for the next read's bytes.
    /// </summary>
    public Result TryRead(ref ReadOnlySequence<byte> buffer, out byte[] frame)
    {
        frame = [];
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryAdvanceTo(StartBlock, advancePastDelimiter: false))
            {
                buffer = buffer.Slice(buffer.End);
                return Result.NeedMore;
            }
            buffer = buffer.Slice(reader.Position);
            reader = new SequenceReader<byte>(buffer);
            reader.Advance(1);
            var contentStart = reader.Position;
            var restarted = false;
            while (reader.TryAdvanceToAny(Blocks, advancePastDelimiter: false))
            {
                reader.TryPeek(out var found);
                if (found == StartBlock)
                {
                    // A start block inside a frame abandons the unfinished one, as a sender that restarted would.
                    buffer = buffer.Slice(reader.Position);
                    restarted = true;
                    break;
                }
                var contentEnd = reader.Position;
                reader.Advance(1);
                if (!reader.TryPeek(out var next))
                {
                    break;
                }
                if (next != CarriageReturn)
                {
                    continue;
                }
                reader.Advance(1);
                var content = buffer.Slice(contentStart, contentEnd);
                buffer = buffer.Slice(reader.Position);
                if (content.Length > maximumFrameBytes)
                {
                    return Result.TooLarge;
                }
                frame = content.ToArray();
                return Result.Frame;
            }
            if (!restarted)
            {
                return buffer.Length - 1 > maximumFrameBytes ? Result.TooLarge : Result.NeedMore;
            }
        }
    }

    public static byte[] Wrap(ReadOnlySpan<byte> message) => [StartBlock, .. message, EndBlock, CarriageReturn];
}
