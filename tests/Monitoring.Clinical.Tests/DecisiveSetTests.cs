namespace Monitoring.Clinical.Tests;

/// <summary>Rule 14: conflicting sets within 10 min: the schedule and the tile follow the worse.</summary>
public sealed class DecisiveSetTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private sealed record Set(int Minute, News2Band Band);

    private static Set? Decisive(params Set[] newestFirst) => DecisiveSet.Of(newestFirst, s => At.AddMinutes(s.Minute), s => s.Band);

    [Test]
    public void The_latest_set_decides_when_nothing_conflicts() =>
        Assert.That(Decisive(new Set(30, News2Band.Low), new Set(0, News2Band.High)), Is.EqualTo(new Set(30, News2Band.Low)));

    [TestCase(10, true)]
    [TestCase(11, false)]
    public void A_worse_set_within_ten_minutes_decides(int minutesApart, bool worseDecides)
    {
        var worse = new Set(0, News2Band.High);
        var decided = Decisive(new Set(minutesApart, News2Band.Low), worse);
        Assert.That(decided == worse, Is.EqualTo(worseDecides));
    }

    [Test]
    public void Two_sets_at_the_same_minute_follow_the_worse_whichever_was_recorded_last()
    {
        Assert.That(Decisive(new Set(0, News2Band.Low), new Set(0, News2Band.Medium))!.Band, Is.EqualTo(News2Band.Medium));
        Assert.That(Decisive(new Set(0, News2Band.Medium), new Set(0, News2Band.Low))!.Band, Is.EqualTo(News2Band.Medium));
    }

    [Test]
    public void No_sets_decide_nothing() => Assert.That(Decisive(), Is.Null);
}
