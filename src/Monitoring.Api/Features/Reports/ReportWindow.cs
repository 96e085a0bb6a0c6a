using System.Globalization;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// The period a report covers, [since, until), given as the ward's clocks show it: a date (<c>2027-03-21</c>, its
/// midnight) or a date and time (<c>2027-03-21T07:30</c>); a time with an offset is taken as it is. By default the
/// seven days up to now.
/// </summary>
public sealed record ReportWindow(DateTimeOffset Since, DateTimeOffset Until)
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(7);

    /// <summary>A year of alerts is still one read; more is an export, not a report.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    public static ReportWindow Parse(string? since, string? until, TimeZoneInfo zone, DateTimeOffset now)
    {
        var end = until is null ? now : Instant(until, "until", zone);
        var start = since is null ? end - Default : Instant(since, "since", zone);
        if (end <= start)
        {
            throw RequestValidationException.For("until", "until is after since.");
        }
        if (end - start > Longest)
        {
            throw RequestValidationException.For("since", "A report covers at most 366 days.");
        }
        return new ReportWindow(start, end);
    }

    private static DateTimeOffset Instant(string text, string field, TimeZoneInfo zone)
    {
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A wall-clock time skipped when the clocks go forward does not exist; the one repeated when they go back is taken the first time.
            if (zone.IsInvalidTime(local))
            {
                throw RequestValidationException.For(field, $"{field} {text} does not exist in {zone.Id}: the clocks went forward.");
            }
            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && HasOffset(text))
        {
            return instant.ToUniversalTime();
        }
        throw RequestValidationException.For(field, $"{field} is a date (2027-03-21) or a date and time (2027-03-21T07:30) in the ward's time zone, or a time with an offset.");
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal) && text.Contains('T', StringComparison.Ordinal);
}
