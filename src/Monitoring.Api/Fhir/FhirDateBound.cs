using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Api.Fhir;

/// <summary>
/// One <c>date</c> parameter: a prefix (<c>eq</c> by default, <c>ge</c>, <c>gt</c>, <c>le</c>, <c>lt</c>) and a FHIR
/// dateTime whose precision makes it a range [Start, End): <c>2026-03</c> is the whole month. A date without a
/// time is a UTC day; a time must carry <c>Z</c> or an offset. Charted times are instants, so each bound is
/// one or two comparisons of the observed time.
/// </summary>
public sealed partial record FhirDateBound(DateTimeOffset? From, DateTimeOffset? Before)
{
    public static readonly IReadOnlyList<string> Prefixes = ["eq", "ge", "gt", "le", "lt"];

    public static FhirDateBound Parse(string name, string text)
    {
        var prefixed = text.Length >= 3 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && char.IsAsciiDigit(text[2]);
        var prefix = prefixed ? text[..2] : "eq";
        var value = prefixed ? text[2..] : text;
        if (!Prefixes.Contains(prefix))
        {
            throw FhirSearchException.NotSupported($"Parameter '{name}': prefix '{prefix}' is not supported; use one of {string.Join(", ", Prefixes)}.");
        }
        var (start, end) = Range(name, value);
        return prefix switch
        {
            "ge" => new FhirDateBound(start, null),
            "gt" => new FhirDateBound(end, null),
            "le" => new FhirDateBound(null, end),
            "lt" => new FhirDateBound(null, start),
            _ => new FhirDateBound(start, end),
        };
    }

    /// <summary>All bounds together (they AND): the latest start and the earliest end.</summary>
    public static FhirDateBound Intersect(IReadOnlyCollection<FhirDateBound> bounds) => new(
        bounds.Where(b => b.From is not null).Select(b => b.From).Max(),
        bounds.Where(b => b.Before is not null).Select(b => b.Before).Min());

    public bool Contains(DateTimeOffset at) => (From is null || at >= From) && (Before is null || at < Before);

    private static (DateTimeOffset Start, DateTimeOffset End) Range(string name, string value)
    {
        var match = DateTimePattern().Match(value);
        if (!match.Success)
        {
            throw Malformed(name, value);
        }
        try
        {
            var year = Number(match, "year");
            var month = match.Groups["month"].Success ? Number(match, "month") : 1;
            var day = match.Groups["day"].Success ? Number(match, "day") : 1;
            if (!match.Groups["hour"].Success)
            {
                var date = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                return (date, Add(date, d => match.Groups["day"].Success ? d.AddDays(1) : match.Groups["month"].Success ? d.AddMonths(1) : d.AddYears(1)));
            }
            if (!match.Groups["zone"].Success)
            {
                throw new FhirSearchException($"Parameter '{name}': a time needs 'Z' or an offset such as +01:00 ('{value}').");
            }
            var offset = match.Groups["zone"].Value == "Z" ? TimeSpan.Zero
                : TimeSpan.ParseExact(match.Groups["zone"].Value[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (match.Groups["zone"].Value[0] == '-' ? -1 : 1);
            var second = match.Groups["second"].Success ? Number(match, "second") : 0;
            var fraction = match.Groups["fraction"].Value;
            var start = new DateTimeOffset(year, month, day, Number(match, "hour"), Number(match, "minute"), second, offset)
                .AddTicks(fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0'), CultureInfo.InvariantCulture));
            var precision = fraction.Length > 0 ? TimeSpan.FromTicks((long)Math.Pow(10, 7 - fraction.Length))
                : match.Groups["second"].Success ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
            return (start.ToUniversalTime(), Add(start, d => d.Add(precision)).ToUniversalTime());
        }
        catch (ArgumentOutOfRangeException)
        {
            throw Malformed(name, value);
        }
    }

    // The end of the last representable range is the end of time rather than an overflow.
    private static DateTimeOffset Add(DateTimeOffset start, Func<DateTimeOffset, DateTimeOffset> step)
    {
        try
        {
            return step(start);
        }
        catch (ArgumentOutOfRangeException)
        {
            return DateTimeOffset.MaxValue;
        }
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static FhirSearchException Malformed(string name, string value) =>
        new($"Parameter '{name}': '{value}' is not a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]] with Z or an offset), optionally after a prefix {string.Join(", ", Prefixes)}.");

    [GeneratedRegex(@"^(?<year>\d{4})(?:-(?<month>\d{2})(?:-(?<day>\d{2})(?:T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d{1,7}))?)?(?<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
