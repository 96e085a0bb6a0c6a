using Monitoring.Clinical.Devices;

namespace Monitoring.Clinical.Tests.Devices;

/// <summary>Which time a sample takes, how an HL7 time is read, and which times keep a sample out.</summary>
public sealed class DeviceTimesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [TestCase("202601011200", "", "", "", "202601011200", TestName = "The sample's own OBX-14 first")]
    [TestCase("", "202601011201", "", "", "202601011201", TestName = "Else the nearest ancestor's")]
    [TestCase("", "", "202601011202", "202601011203", "202601011202", TestName = "Else OBR-7")]
    [TestCase("", "", "", "202601011203", "202601011203", TestName = "Else MSH-7")]
    public void Precedence(string own, string ancestor, string request, string message, string expected) =>
        Assert.That(DeviceTimes.Choose(own, [ancestor], request, message), Is.EqualTo(expected));

    [Test]
    public void The_nearest_ancestor_wins_over_a_farther_one() =>
        Assert.That(DeviceTimes.Choose("", ["", "202601011201", "202601011200"], "202601011202", "202601011203"), Is.EqualTo("202601011201"));

    [Test]
    public void A_time_with_an_offset_is_exact()
    {
        var time = DeviceTimes.Parse("20260115083012.25-0500", London)!.Value;

        Assert.That(time.At, Is.EqualTo(new DateTimeOffset(2026, 1, 15, 13, 30, 12, 250, TimeSpan.Zero)));
        Assert.That(time.ZoneAssumed, Is.False);
    }

    [TestCase("20260115083012.347+0000", 347)]
    [TestCase("20260115083012.001+0000", 1)]
    [TestCase("20260115083012.9999+0000", 999)]
    public void Fractions_of_a_second_are_read_exactly(string text, int milliseconds) =>
        Assert.That(DeviceTimes.Parse(text, London)!.Value.At.Millisecond, Is.EqualTo(milliseconds));

    [Test]
    public void A_time_without_an_offset_is_read_in_the_wards_zone_and_flagged()
    {
        var summer = DeviceTimes.Parse("20260715083000", London)!.Value;
        var winter = DeviceTimes.Parse("202601150830", London)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(summer.At.UtcDateTime, Is.EqualTo(new DateTime(2026, 7, 15, 7, 30, 0, DateTimeKind.Utc)));
            Assert.That(winter.At.UtcDateTime, Is.EqualTo(new DateTime(2026, 1, 15, 8, 30, 0, DateTimeKind.Utc)));
            Assert.That(summer.ZoneAssumed && winter.ZoneAssumed, Is.True);
        });
    }

    [TestCase("2026-01-15")]
    [TestCase("20260115")]
    [TestCase("20261315083000")]
    [TestCase("20260115083000+2500")]
    [TestCase("20260115083000+05")]
    [TestCase("20260115083000.x")]
    [TestCase("")]
    public void What_is_not_an_HL7_time_to_the_minute_is_refused(string text) =>
        Assert.That(DeviceTimes.Parse(text, London), Is.Null);

    [Test]
    public void Future_early_and_stale_samples_are_dropped()
    {
        var now = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var admitted = now.AddDays(-3);

        Assert.Multiple(() =>
        {
            Assert.That(DeviceTimes.Check(now.AddSeconds(60), now, admitted), Is.EqualTo(SampleTimeFault.None), "60 s ahead is a clock's drift");
            Assert.That(DeviceTimes.Check(now.AddSeconds(61), now, admitted), Is.EqualTo(SampleTimeFault.InFuture));
            Assert.That(DeviceTimes.Check(now.AddHours(-24), now, admitted), Is.EqualTo(SampleTimeFault.None));
            Assert.That(DeviceTimes.Check(now.AddHours(-24).AddSeconds(-1), now, admitted), Is.EqualTo(SampleTimeFault.TooOld));
            Assert.That(DeviceTimes.Check(now.AddMinutes(-5), now, now.AddMinutes(-4)), Is.EqualTo(SampleTimeFault.BeforeAdmission));
        });
    }
}
