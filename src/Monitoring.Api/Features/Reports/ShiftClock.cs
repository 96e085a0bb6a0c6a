using Monitoring.Clinical;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// The ward's shifts read once for a report: which shift holds an instant on the ward's wall clock, as
/// <see cref="WardSettings.ShiftAt"/> answers, without parsing the shift times again for each of a report's rows.
/// </summary>
public sealed class ShiftClock
{
    private readonly TimeZoneInfo _zone;
    private readonly (TimeOnly Start, TimeOnly End)[] _hours;

    public ShiftClock(WardSettings settings, TimeZoneInfo zone)
    {
        _zone = zone;
        Names = [.. settings.Shifts.Select(shift => shift.Name)];
        _hours = [.. settings.Shifts.Select(shift =>
        {
            WardShift.TryParseClock(shift.Start, out var start);
            WardShift.TryParseClock(shift.End, out var end);
            return (start, end);
        })];
    }

    /// <summary>The shifts' names in the ward's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The position in <see cref="Names"/> of the shift holding <paramref name="instant"/>.</summary>
    public int IndexAt(DateTimeOffset instant)
    {
        var clock = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);
        for (var i = 0; i < _hours.Length; i++)
        {
            if (clock.IsBetween(_hours[i].Start, _hours[i].End))
            {
                return i;
            }
        }
        throw new InvalidOperationException("The ward's shifts do not cover the day; they are validated when saved.");
    }

    public string At(DateTimeOffset instant) => Names[IndexAt(instant)];
}
