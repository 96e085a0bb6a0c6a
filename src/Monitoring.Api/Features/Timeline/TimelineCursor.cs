using System.Buffers.Binary;
using System.Buffers.Text;

namespace Monitoring.Api.Features.Timeline;

/// <summary>
/// Where the next timeline page starts: the (time, id) of the last entry sent, opaque to clients
/// (base64url of a version byte, the UTC ticks and the id's bytes).
/// </summary>
public readonly record struct TimelineCursor(DateTimeOffset At, Guid Id)
{
    private const byte Version = 1;
    private const int Length = 1 + sizeof(long) + 16;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], At.UtcTicks);
        Id.TryWriteBytes(bytes[(1 + sizeof(long))..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, out TimelineCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length + 3];
        // TryDecodeFromChars throws on a character outside the alphabet: IsValid screens it first.
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Base64Url.IsValid(text)
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return false;
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        cursor = new TimelineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(1 + sizeof(long), 16)));
        return true;
    }
}
