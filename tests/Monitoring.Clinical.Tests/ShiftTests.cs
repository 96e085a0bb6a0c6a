namespace Monitoring.Clinical.Tests;

/// <summary>Shifts by the ward's wall clock: the change at 07:30 and 19:30, and the nights the clocks change in London.</summary>
public sealed class ShiftTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [TestCase("2027-01-10T07:29:59Z", "night")]
    [TestCase("2027-01-10T07:30:00Z", "day")]
    [TestCase("2027-01-10T19:29:59Z", "day")]
    [TestCase("2027-01-10T19:30:00Z", "night")]
    [TestCase("2027-03-28T06:29:59Z", "night", Description = "07:29:59 BST, the morning after the clocks went forward")]
    [TestCase("2027-03-28T06:30:00Z", "day", Description = "07:30 BST")]
    [TestCase("2027-10-31T07:29:59Z", "night", Description = "07:29:59 GMT, the morning after the clocks went back")]
    [TestCase("2027-10-31T07:30:00Z", "day")]
    [TestCase("2027-07-01T18:30:00Z", "night", Description = "19:30 BST")]
    public void The_shift_follows_the_wards_clock(string instant, string shift) =>
        Assert.That(WardSettings.Default.ShiftAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), London), Is.EqualTo(shift));

    [Test]
    public void Three_shifts_that_cover_the_day_are_valid()
    {
        var settings = WardSettings.Default with { Shifts = [new("early", "07:00", "15:00"), new("late", "15:00", "23:00"), new("night", "23:00", "07:00")] };

        Assert.That(settings.Validate(), Is.Empty);
        Assert.That(settings.ShiftAt(new DateTimeOffset(2027, 1, 10, 23, 0, 0, TimeSpan.Zero), London), Is.EqualTo("night"));
    }

    [TestCase("07:30", "19:00", "19:30", "07:30", Description = "a gap")]
    [TestCase("07:30", "20:00", "19:30", "07:30", Description = "an overlap")]
    [TestCase("7.30", "19:30", "19:30", "07:30", Description = "not HH:mm")]
    [TestCase("07:30", "19:30", "19:30", "08:30", Description = "more than a day")]
    public void Shifts_that_do_not_cover_the_day_once_are_refused(string dayStart, string dayEnd, string nightStart, string nightEnd)
    {
        var settings = WardSettings.Default with { Shifts = [new("day", dayStart, dayEnd), new("night", nightStart, nightEnd)] };

        Assert.That(settings.Validate().Keys, Is.EqualTo(new[] { "shifts" }));
    }

    [Test]
    public void Two_shifts_of_one_name_are_refused() =>
        Assert.That((WardSettings.Default with { Shifts = [new("day", "07:30", "19:30"), new("day", "19:30", "07:30")] }).Validate().Keys, Is.EqualTo(new[] { "shifts" }));
}
