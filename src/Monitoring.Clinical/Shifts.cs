using System.Globalization;

namespace Monitoring.Clinical;

/// <summary>A named part of the ward's day by its clocks, "07:30" to "19:30"; a shift that ends before it starts runs past midnight.</summary>
public sealed record WardShift(string Name, string Start, string End)
{
    public static bool TryParseClock(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>The ward's shifts: the report tables compare them, so together they cover the day once.</summary>
public sealed partial record WardSettings
{
    public static readonly IReadOnlyList<WardShift> DefaultShifts = [new("day", "07:30", "19:30"), new("night", "19:30", "07:30")];

    public IReadOnlyList<WardShift> Shifts { get; init; } = DefaultShifts;

    /// <summary>
    /// The shift whose hours hold <paramref name="instant"/> on the ward's wall clock. On the night the clocks change
    /// the night shift is an hour shorter or longer, as it is on the ward.
    /// </summary>
    public string ShiftAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var clock = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        foreach (var shift in Shifts)
        {
            WardShift.TryParseClock(shift.Start, out var start);
            WardShift.TryParseClock(shift.End, out var end);
            if (clock.IsBetween(start, end))
            {
                return shift.Name;
            }
        }
        throw new InvalidOperationException("The ward's shifts do not cover the day; they are validated when saved.");
    }

    private void ValidateShifts(Action<bool, string, string> check)
    {
        const string Field = "shifts";
        const string Cover = "Shifts are named, given as HH:mm, and together cover the day once (each starts where another ends), e.g. day 07:30-19:30 and night 19:30-07:30.";
        var parsed = new List<(string Name, TimeOnly Start, TimeOnly End)>();
        foreach (var shift in Shifts ?? [])
        {
            if (shift is null || string.IsNullOrWhiteSpace(shift.Name) || !WardShift.TryParseClock(shift.Start, out var start) || !WardShift.TryParseClock(shift.End, out var end) || start == end)
            {
                check(false, Field, Cover);
                return;
            }
            parsed.Add((shift.Name, start, end));
        }
        var ordered = parsed.OrderBy(s => s.Start).ToList();
        var minutes = ordered.Sum(s => (int)((s.End - s.Start).TotalMinutes + 1440) % 1440);
        check(ordered.Count is >= 2 and <= 6
            && parsed.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() == parsed.Count
            && ordered.Select((s, i) => s.End == ordered[(i + 1) % ordered.Count].Start).All(joined => joined)
            && minutes == 1440, Field, Cover);
    }
}
