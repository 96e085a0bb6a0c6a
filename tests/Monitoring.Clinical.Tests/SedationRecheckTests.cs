namespace Monitoring.Clinical.Tests;

/// <summary>Rule 13: drowsiness or slow breathing keeps vitals with POSS due within minutes until both recover.</summary>
public sealed class SedationRecheckTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static SedationReading Set(int minute, int? rate, string? poss) =>
        new(At.AddMinutes(minute), rate, poss is null ? null : Poss.TryParse(poss, out var level) ? level : throw new ArgumentException(poss));

    // Boundaries: POSS 2 / 3, RR 10 / 9, each alone; sleep (S) is not drowsiness.
    [TestCase(16, "3", true)]
    [TestCase(16, "4", true)]
    [TestCase(16, "2", false)]
    [TestCase(16, "S", false)]
    [TestCase(9, "1", true)]
    [TestCase(10, "1", false)]
    [TestCase(10, "3", true)]
    [TestCase(12, "3", true)]
    [TestCase(9, null, true)]
    [TestCase(null, "3", true)]
    [TestCase(null, null, false)]
    public void Poss_three_or_rr_under_ten_calls_for_a_recheck(int? rate, string? poss, bool recheck)
    {
        var due = ObservationSchedule.SedationRecheck([Set(0, rate, poss)], WardSettings.Default);
        Assert.That(due?.At, Is.EqualTo(recheck ? At.AddMinutes(15) : null));
    }

    [Test]
    public void The_recheck_names_what_called_for_it_and_when_it_ends()
    {
        var due = ObservationSchedule.SedationRecheck([Set(0, 12, "3")], WardSettings.Default)!;
        Assert.That(due.Basis, Is.EqualTo("sedation recheck within 15 min after POSS 3, RR 12/min, until POSS is under 3 and RR 10/min or more"));
        Assert.That(ObservationSchedule.IsSedationRecheck(due.Basis), Is.True);
    }

    [Test]
    public void A_set_with_poss_under_three_and_rr_ten_or_more_ends_the_recheck() =>
        Assert.That(ObservationSchedule.SedationRecheck([Set(0, 8, "3"), Set(15, 10, "2")], WardSettings.Default), Is.Null);

    [TestCase(14, null)]
    [TestCase(null, "1")]
    public void A_set_without_poss_or_rr_ends_nothing(int? rate, string? poss)
    {
        var due = ObservationSchedule.SedationRecheck([Set(0, 8, "3"), Set(10, rate, poss)], WardSettings.Default);
        Assert.That(due?.At, Is.EqualTo(At.AddMinutes(15)), "still due from the drowsy set");
    }

    [Test]
    public void Each_drowsy_set_moves_the_recheck_on_from_itself()
    {
        var due = ObservationSchedule.SedationRecheck([Set(0, 8, "3"), Set(15, 11, "3")], WardSettings.Default with { SedationRecheckMinutes = 20 });
        Assert.That(due?.At, Is.EqualTo(At.AddMinutes(35)));
    }

    [TestCase(4, false)]
    [TestCase(5, true)]
    [TestCase(60, true)]
    [TestCase(61, false)]
    public void The_recheck_interval_is_a_ward_setting_between_5_and_60_minutes(int minutes, bool valid) =>
        Assert.That((WardSettings.Default with { SedationRecheckMinutes = minutes }).Validate().ContainsKey("sedationRecheckMinutes"), Is.EqualTo(!valid));

    [TestCase(null, false, AlertPriority.Medium)]
    [TestCase(null, true, AlertPriority.High)]
    [TestCase(News2Band.High, false, AlertPriority.High)]
    public void A_missed_round_is_high_when_something_makes_it_urgent(News2Band? band, bool urgent, AlertPriority priority) =>
        Assert.That(ObservationSchedule.OverduePriority(band, urgent), Is.EqualTo(priority));
}
