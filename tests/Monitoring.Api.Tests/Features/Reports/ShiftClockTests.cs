using Monitoring.Api.Features.Reports;
using Monitoring.Clinical;

namespace Monitoring.Api.Tests.Features.Reports;

/// <summary>The reports' shift clock answers as the ward setting does, minute by minute across both changes of the clocks in Europe/London.</summary>
public sealed class ShiftClockTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [TestCase("2027-03-27T12:00:00Z")]
    [TestCase("2027-10-30T12:00:00Z")]
    public void Each_minute_of_the_nights_the_clocks_change_falls_in_the_shift_the_ward_setting_gives(string from)
    {
        foreach (var settings in new[]
        {
            new WardSettings(),
            new WardSettings { Shifts = [new("early", "07:00", "15:00"), new("late", "15:00", "23:00"), new("night", "23:00", "01:30"), new("small-hours", "01:30", "07:00")] },
        })
        {
            var clock = new ShiftClock(settings, London);
            var start = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
            for (var at = start; at < start.AddDays(1); at = at.AddSeconds(30))
            {
                Assert.That(clock.At(at), Is.EqualTo(settings.ShiftAt(at, London)), $"{at:u}");
            }
        }
    }
}
