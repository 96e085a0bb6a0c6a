using System.Globalization;
using Monitoring.Api.Data;
using Monitoring.Api.Data.Providers;

namespace Monitoring.Api.Tests.Data;

/// <summary>Stored times read by position must be the instants the general parser reads, and any other form must still be read.</summary>
public sealed class StoredTimeTests
{
    [Test]
    public void The_stored_form_reads_as_the_round_trip_parser_reads_it()
    {
        var random = new Random(33);
        for (var i = 0; i < 2000; i++)
        {
            var instant = new DateTimeOffset(new DateTime(2000, 1, 1).Ticks + random.NextInt64(TimeSpan.TicksPerDay * 366 * 40), TimeSpan.Zero);
            var stored = SqliteProvider.TimeText(instant);

            Assert.That(StoredTime.Parse(stored), Is.EqualTo(instant));
            Assert.That(StoredTime.Parse(stored).Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(StoredTime.Parse(stored).Ticks, Is.EqualTo(DateTimeOffset.ParseExact(stored, "O", CultureInfo.InvariantCulture).UtcTicks), stored);
        }
    }

    [TestCase("2027-03-28T01:30:00.0000000+01:00", "2027-03-28T00:30:00.0000000+00:00")]
    [TestCase("2027-03-28 07:30:00.1234567 +00:00", "2027-03-28T07:30:00.1234567+00:00")]
    [TestCase("2027-03-28T07:30:00Z", "2027-03-28T07:30:00.0000000+00:00")]
    [TestCase("2027-03-28T07:30:00", "2027-03-28T07:30:00.0000000+00:00")]
    public void Other_forms_are_read_by_the_general_parser_in_utc(string text, string utc)
    {
        var instant = StoredTime.Parse(text);

        Assert.That(instant.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(SqliteProvider.TimeText(instant), Is.EqualTo(utc));
    }

    [Test]
    public void A_stored_width_text_that_is_no_time_is_refused() =>
        Assert.Throws<FormatException>(() => StoredTime.Parse("2027-13-28T07:30:00.0000000+00:00"));
}
