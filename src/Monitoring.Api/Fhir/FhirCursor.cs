using System.Buffers.Binary;
using System.Buffers.Text;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Where the next page of a search starts: the key of the last resource sent, opaque to clients (base64url of
/// a version byte, the section of <c>$everything</c>, the UTC ticks, the row's id and its member: one charted
/// vitals set is several Observations).
/// </summary>
public readonly record struct FhirCursor(int Section, DateTimeOffset At, Guid Id, int Member)
{
    private const byte Version = 1;
    private const int Length = 1 + 1 + sizeof(long) + 16 + 1;

    public FhirKey Key => new(At, Id, Member);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        bytes[1] = checked((byte)Section);
        BinaryPrimitives.WriteInt64BigEndian(bytes[2..], At.UtcTicks);
        Id.TryWriteBytes(bytes.Slice(10, 16));
        bytes[26] = checked((byte)Member);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? text, out FhirCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length + 3];
        // TryDecodeFromChars throws on a character outside the alphabet: IsValid screens it first.
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Base64Url.IsValid(text)
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return false;
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        cursor = new FhirCursor(bytes[1], new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(10, 16)), bytes[26]);
        return true;
    }
}

/// <summary>A resource's place in its search's order: (time, row id, member of the row).</summary>
public readonly record struct FhirKey(DateTimeOffset At, Guid Id, int Member = 0);
