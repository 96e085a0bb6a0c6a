using System.Text;

namespace Monitoring.Api.Devices.Hl7;

/// <summary>
/// Turns a frame's bytes into text in the character set MSH-18 names: empty or ASCII, 8859/1, UNICODE
/// UTF-8. The header is read first as Latin-1, which every one of them agrees with for MSH's own bytes.
/// </summary>
public static class Hl7Text
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static string Decode(ReadOnlySpan<byte> frame)
    {
        var headerEnd = frame.IndexOfAny((byte)'\r', (byte)'\n');
        var header = Latin1.GetString(headerEnd < 0 ? frame : frame[..headerEnd]);
        if (header.Length < 8 || !header.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw new Hl7ParseException("The message does not begin with an MSH segment.");
        }
        var charset = Hl7Message.Parse(header).Header.Value(18);
        return charset switch
        {
            "UNICODE UTF-8" => Encoding.UTF8.GetString(frame),
            // ASCII is a subset: a stray high byte is kept as Latin-1 rather than refusing the message.
            "" or "ASCII" or "8859/1" => Latin1.GetString(frame),
            _ => throw new Hl7ParseException($"MSH-18 names a character set this service does not read ({Printable(charset)})."),
        };
    }

    // Text from the wire that goes into a reply or a log: printable ASCII only, and short.
    public static string Printable(string text) =>
        new([.. text.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
