using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitoring.Api.Fhir;

/// <summary>A token: <c>system|code</c>, <c>|code</c> (no system), <c>system|</c> (any code of it) or <c>code</c> (any system).</summary>
public sealed record FhirToken(string? System, string? Code, bool SystemGiven)
{
    public bool Matches(string? system, string? code) =>
        (!SystemGiven || string.Equals(System ?? "", system ?? "", StringComparison.Ordinal))
        && (Code is null || string.Equals(Code, code, StringComparison.Ordinal));
}

/// <summary>
/// A search's parameters read strictly (FHIR's <c>Prefer: handling=strict</c>): a name the resource does not
/// support, a modifier, a chain, an empty or malformed value is a <see cref="FhirSearchException"/> (400),
/// never ignored. Repeating a parameter ANDs it (only dates may repeat); commas OR values.
/// </summary>
public sealed partial class FhirSearch
{
    public const string Count = "_count";
    public const string Cursor = "_cursor";
    public const string Format = "_format";
    public const int DefaultCount = 50;
    public const int MaximumCount = 1000;
    public const int MaximumValueLength = 1024;

    /// <summary>Parameters every search takes besides the resource's own.</summary>
    public static readonly IReadOnlyList<string> Common = [Count, Cursor, Format];

    private static readonly HashSet<string> JsonFormats = ["json", "application/json", "application/fhir+json", "application/json+fhir"];

    private readonly Dictionary<string, List<string>> _values;

    private FhirSearch(Dictionary<string, List<string>> values, int count, FhirCursor? after)
    {
        _values = values;
        PageSize = count;
        After = after;
    }

    public int PageSize { get; }

    public FhirCursor? After { get; }

    /// <summary>The parameters as given (without the cursor), to repeat in the bundle's links.</summary>
    public IEnumerable<KeyValuePair<string, string>> Given =>
        _values.Where(p => p.Key != Cursor).SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)));

    public static FhirSearch Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query, IReadOnlyCollection<string> supported, string resourceType)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, given) in query)
        {
            var known = Common.Contains(name) || supported.Contains(name);
            if (!known)
            {
                throw UnknownParameter(name, supported, resourceType);
            }
            foreach (var value in given)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new FhirSearchException($"Parameter '{name}' has no value: give one or leave the parameter out.");
                }
                if (value!.Length > MaximumValueLength)
                {
                    throw new FhirSearchException($"Parameter '{name}' is longer than {MaximumValueLength} characters.");
                }
                if (!values.TryGetValue(name, out var list))
                {
                    values[name] = list = [];
                }
                list.Add(value);
            }
        }
        foreach (var (name, list) in values.Where(p => p.Value.Count > 1 && p.Key != "date"))
        {
            throw new FhirSearchException($"Parameter '{name}' is given {list.Count} times: give it once, with values separated by commas for any of them.");
        }
        if (values.TryGetValue(Format, out var format) && !JsonFormats.Contains(format[0]))
        {
            throw FhirSearchException.NotSupported($"_format '{format[0]}' is not served: this interface answers application/fhir+json only.");
        }
        var count = DefaultCount;
        if (values.TryGetValue(Count, out var countText)
            && (!int.TryParse(countText[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaximumCount))
        {
            throw new FhirSearchException($"_count is the page size: a whole number from 1 to {MaximumCount} (default {DefaultCount}).");
        }
        FhirCursor? after = null;
        if (values.TryGetValue(Cursor, out var cursorText))
        {
            after = FhirCursor.TryParse(cursorText[0], out var cursor) ? cursor
                : throw new FhirSearchException("_cursor is not one this service gave: follow the bundle's next link unchanged.");
        }
        return new FhirSearch(values, count, after);
    }

    private static FhirSearchException UnknownParameter(string name, IReadOnlyCollection<string> supported, string resourceType)
    {
        var bare = name.Split(':', '.')[0];
        var why = name.Contains(':', StringComparison.Ordinal) && supported.Contains(bare) ? $"modifiers ('{name}') are not supported"
            : name.Contains('.', StringComparison.Ordinal) && supported.Contains(bare) ? $"chained parameters ('{name}') are not supported"
            : $"'{name}' is not a supported search parameter";
        return FhirSearchException.NotSupported(
            $"{resourceType}: {why}. Supported: {string.Join(", ", supported.Concat(Common))}.");
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The comma-separated values of a parameter, unescaped (<c>\,</c> <c>\|</c> <c>\$</c> <c>\\</c>); null when absent.</summary>
    public IReadOnlyList<string>? Values(string name) =>
        _values.TryGetValue(name, out var list) ? [.. SplitEscaped(list[0], ',').Select(part => Unescape(part, name))] : null;

    public IReadOnlyList<FhirToken>? Tokens(string name) =>
        _values.TryGetValue(name, out var list) ? [.. SplitEscaped(list[0], ',').Select(part => Token(part, name))] : null;

    /// <summary>Ids of <paramref name="resourceType"/> named by a reference parameter: <c>id</c>, <c>Type/id</c> or an absolute URL ending so.</summary>
    public IReadOnlyList<string>? References(string name, string resourceType)
    {
        var values = Values(name);
        return values is null ? null : [.. values.Select(value => ReferenceId(name, value, resourceType))];
    }

    public IReadOnlyList<FhirDateBound>? Dates(string name) =>
        _values.TryGetValue(name, out var list) ? [.. list.Select(value => FhirDateBound.Parse(name, value))] : null;

    private static string ReferenceId(string name, string value, string resourceType)
    {
        var match = ReferencePattern().Match(value);
        if (!match.Success || (match.Groups["type"].Success && match.Groups["type"].Value != resourceType))
        {
            throw new FhirSearchException($"Parameter '{name}' takes a {resourceType} reference: '{resourceType}/<id>' or '<id>'.");
        }
        return match.Groups["id"].Value;
    }

    private static FhirToken Token(string part, string name)
    {
        var pieces = SplitEscaped(part, '|').ToList();
        if (pieces.Count > 2)
        {
            throw new FhirSearchException($"Parameter '{name}': a token is 'system|code' or 'code', with one '|'.");
        }
        if (pieces.Count == 1)
        {
            return new FhirToken(null, NonEmpty(Unescape(pieces[0], name), name), SystemGiven: false);
        }
        var system = Unescape(pieces[0], name);
        var code = Unescape(pieces[1], name);
        if (system.Length == 0 && code.Length == 0)
        {
            throw new FhirSearchException($"Parameter '{name}': '|' alone names neither a system nor a code.");
        }
        return new FhirToken(system.Length == 0 ? null : system, code.Length == 0 ? null : code, SystemGiven: true);
    }

    private static string NonEmpty(string value, string name) =>
        value.Length > 0 ? value : throw new FhirSearchException($"Parameter '{name}' has an empty value between commas.");

    /// <summary>Splits on <paramref name="separator"/> where it is not escaped by a backslash; escapes stay for <see cref="Unescape"/>.</summary>
    private static IEnumerable<string> SplitEscaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static string Unescape(string text, string name)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }
            if (i + 1 >= text.Length || text[i + 1] is not (',' or '|' or '$' or '\\'))
            {
                throw new FhirSearchException($"Parameter '{name}': a backslash escapes only ',', '|', '$' or '\\'.");
            }
            result.Append(text[++i]);
        }
        return result.ToString();
    }

    [GeneratedRegex(@"^(?:(?:https?://[^\s?#]+/)?(?<type>[A-Z][A-Za-z]{1,63})/)?(?<id>[A-Za-z0-9\-.]{1,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
