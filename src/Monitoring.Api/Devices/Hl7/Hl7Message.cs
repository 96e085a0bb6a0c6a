namespace Monitoring.Api.Devices.Hl7;

/// <summary>A message that is not HL7 v2 at all: no MSH first, no usable separators, a malformed segment id.</summary>
public sealed class Hl7ParseException(string message) : Exception(message);

/// <summary>
/// An HL7 v2 message read into segments; fields, repetitions, components and subcomponents are split
/// on demand with the separators MSH-1 and MSH-2 declare, and escapes are decoded on the way out.
/// </summary>
public sealed class Hl7Message
{
    private Hl7Message(Hl7Delimiters delimiters, IReadOnlyList<Hl7Segment> segments)
    {
        Delimiters = delimiters;
        Segments = segments;
    }

    public Hl7Delimiters Delimiters { get; }

    public IReadOnlyList<Hl7Segment> Segments { get; }

    public Hl7Segment Header => Segments[0];

    public IEnumerable<Hl7Segment> All(string id) => Segments.Where(segment => segment.Id == id);

    public Hl7Segment? First(string id) => Segments.FirstOrDefault(segment => segment.Id == id);

    /// <summary>Segments end with CR, LF or CRLF (vendors and files differ); empty lines are skipped.</summary>
    public static Hl7Message Parse(string text)
    {
        if (text.Length < 8 || !text.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw new Hl7ParseException("The message does not begin with an MSH segment.");
        }
        var delimiters = Hl7Delimiters.FromHeader(text);
        var segments = new List<Hl7Segment>();
        foreach (var line in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            segments.Add(Hl7Segment.Read(line, delimiters));
        }
        return new Hl7Message(delimiters, segments);
    }
}

/// <summary>The field separator (MSH-1) and the encoding characters (MSH-2: component, repetition, escape, subcomponent).</summary>
public sealed record Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    public static readonly Hl7Delimiters Standard = new('|', '^', '~', '\\', '&');

    public static Hl7Delimiters FromHeader(string text)
    {
        var field = text[3];
        var end = text.IndexOf(field, 4);
        var encoding = end < 0 ? "" : text[4..end];
        // v2.7 adds a fifth, the truncation character; it needs no handling when reading.
        if (encoding.Length is < 4 or > 5)
        {
            throw new Hl7ParseException("MSH-2 does not hold the four encoding characters.");
        }
        var all = encoding.Append(field).ToArray();
        if (all.Distinct().Count() != all.Length || all.Any(c => char.IsLetterOrDigit(c) || c is '\r' or '\n' || char.IsWhiteSpace(c)))
        {
            throw new Hl7ParseException("MSH-1 and MSH-2 must be distinct punctuation characters.");
        }
        return new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
    }
}

/// <summary>One segment; fields are numbered as in the standard (MSH-1 is the field separator itself).</summary>
public sealed class Hl7Segment
{
    private readonly string[] _fields;
    private readonly Hl7Delimiters _delimiters;

    private Hl7Segment(string id, string[] fields, Hl7Delimiters delimiters)
    {
        Id = id;
        _fields = fields;
        _delimiters = delimiters;
    }

    public string Id { get; }

    internal static Hl7Segment Read(string line, Hl7Delimiters delimiters)
    {
        var parts = line.Split(delimiters.Field);
        var id = parts[0];
        if (id.Length != 3 || !id.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
        {
            throw new Hl7ParseException("A segment id is not three upper-case letters or digits.");
        }
        return new Hl7Segment(id, parts, delimiters);
    }

    /// <summary>The field as sent, separators and escapes included; empty when absent.</summary>
    public string Raw(int field)
    {
        if (Id == "MSH")
        {
            // MSH-1 is the separator that the split consumed; MSH-2 onwards sit one place earlier.
            return field == 1 ? _delimiters.Field.ToString() : field >= 2 && field - 1 < _fields.Length ? _fields[field - 1] : "";
        }
        return field >= 1 && field < _fields.Length ? _fields[field] : "";
    }

    /// <summary>One component (1-based) of one repetition, subcomponent 1 unless asked, escapes decoded.</summary>
    public string Value(int field, int component = 1, int repetition = 1, int subcomponent = 1)
    {
        if (Id == "MSH" && field <= 2)
        {
            return Raw(field);
        }
        var text = Nth(Raw(field), _delimiters.Repetition, repetition);
        text = Nth(text, _delimiters.Component, component);
        text = Nth(text, _delimiters.Subcomponent, subcomponent);
        return Hl7Escapes.Decode(text, _delimiters);
    }

    /// <summary>How many repetitions the field holds (0 when empty).</summary>
    public int Repetitions(int field) => Raw(field) is { Length: > 0 } raw ? raw.Split(_delimiters.Repetition).Length : 0;

    private static string Nth(string text, char separator, int position)
    {
        var start = 0;
        for (var index = 1; index < position; index++)
        {
            var next = text.IndexOf(separator, start);
            if (next < 0)
            {
                return "";
            }
            start = next + 1;
        }
        var end = text.IndexOf(separator, start);
        return end < 0 ? text[start..] : text[start..end];
    }
}
