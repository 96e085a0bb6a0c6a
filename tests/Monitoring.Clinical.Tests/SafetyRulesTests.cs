namespace Monitoring.Clinical.Tests;

/// <summary>Partial sets, pregnancy, scale 2 oxygen, actions in reasons, and a schedule that an incomplete set never lengthens.</summary>
public sealed class SafetyRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Finding> Evaluate(VitalSigns vitals, PossLevel? sedation = null, SpO2Scale scale = SpO2Scale.Scale1, bool pregnant = false) =>
        VitalsRules.Evaluate(new VitalsObservation(vitals, sedation, News2.Score(vitals, scale, 30, pregnant), scale), WardSettings.Default);

    [Test]
    public void Partial_set_summing_ten_raises_news2_high_naming_what_is_missing()
    {
        var findings = Evaluate(new VitalSigns(28, null, false, 88, 60, 135, 39.5m, Consciousness.Alert));
        var high = findings.Single(f => f.Code == AlertCodes.News2High);
        Assert.That(high.Reason, Does.StartWith("Partial NEWS2 (SpO2 not charted) already 11 (≥ 7)"));
    }

    [TestCase(30, AlertCodes.News2SingleParameter)]
    [TestCase(23, null)]
    public void Respiratory_rate_alone(int rate, string? code) =>
        Assert.That(Evaluate(new VitalSigns(rate, null, null, null, null, null, null, null)).Select(f => f.Code), code is null ? Is.Empty : Is.EquivalentTo(new[] { code }));

    [TestCase(91, 93, 6, AlertCodes.News2Medium)]
    [TestCase(88, 135, 9, AlertCodes.News2High)]
    public void Partial_sums_follow_the_bands(int systolic, int pulse, int sum, string code)
    {
        var finding = Evaluate(new VitalSigns(25, null, null, systolic, null, pulse, null, null)).Single(f => f.Code.StartsWith("news2", StringComparison.Ordinal));
        Assert.That(finding.Code, Is.EqualTo(code));
        Assert.That(finding.Reason, Does.Contain($"already {sum}"));
    }

    [Test]
    public void Missing_oxygen_is_unknown_not_air()
    {
        var news2 = News2.Score(new VitalSigns(16, 97, null, 124, 78, 72, 36.8m, Consciousness.Alert), SpO2Scale.Scale1, 30, false);
        Assert.That(news2.Total, Is.Null);
        Assert.That(news2.NotComputedReason, Does.Contain("air or oxygen (unknown)"));
        Assert.That(Evaluate(new VitalSigns(12, 84, null, null, null, null, null, null)).Single(f => f.Code == AlertCodes.Hypoxaemia).Reason, Does.Not.Contain("on air"));
    }

    [Test]
    public void Pregnancy_runs_the_same_triggers_with_an_obstetric_review()
    {
        var findings = Evaluate(new VitalSigns(26, 97, false, 85, 50, 135, 39.3m, Consciousness.Alert), pregnant: true);
        var high = findings.Single(f => f.Code == AlertCodes.News2High);
        Assert.That(high.Priority, Is.EqualTo(AlertPriority.High));
        Assert.That(high.Reason, Does.Contain("NEWS2 not validated in pregnancy: obstetric review"));
    }

    [TestCase(131, 36.8, AlertCodes.News2SingleParameter, AlertPriority.Medium)]
    [TestCase(131, 39.5, AlertCodes.News2Medium, AlertPriority.Medium)]
    public void Pregnancy_single_three_and_five(int pulse, double temperature, string code, AlertPriority priority)
    {
        var finding = Evaluate(new VitalSigns(16, 97, false, 124, 78, pulse, (decimal)temperature, Consciousness.Alert), pregnant: true).Single(f => f.Code == code);
        Assert.That(finding.Priority, Is.EqualTo(priority));
        Assert.That(finding.Reason, Does.Contain("obstetric review"));
    }

    [TestCase(97, true, true)]
    [TestCase(99, true, true)]
    [TestCase(96, true, false)]
    [TestCase(98, false, false)]
    public void Scale_2_high_saturation_on_oxygen_is_over_oxygenation_never_hypoxaemia(int spo2, bool oxygen, bool fires)
    {
        var findings = Evaluate(new VitalSigns(16, spo2, oxygen, 124, 78, 72, 36.8m, Consciousness.Alert), scale: SpO2Scale.Scale2);
        Assert.That(findings.Any(f => f.Code == AlertCodes.Hypoxaemia), Is.False);
        var over = findings.SingleOrDefault(f => f.Code == AlertCodes.OverOxygenation);
        Assert.That(over is not null, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(over!.Priority, Is.EqualTo(AlertPriority.Medium));
            Assert.That(over.Reason, Does.Contain("reduce oxygen to the target 88-92 %"));
        }
    }

    [Test]
    public void Poss_4_reason_carries_the_action()
    {
        var findings = Evaluate(new VitalSigns(7, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert), PossLevel.Somnolent);
        Assert.That(findings.Single(f => f.Code == AlertCodes.RespiratoryDepression).Reason, Does.EndWith("stop opioids, consider naloxone, call for help."));
        Assert.That(findings.Single(f => f.Code == AlertCodes.Oversedation).Reason, Does.EndWith("stop opioids, consider naloxone, call for help."));
    }

    [Test]
    public void Every_vitals_reason_ends_with_an_action()
    {
        var findings = Evaluate(new VitalSigns(7, 84, true, 85, 50, 135, 39.5m, Consciousness.Voice), PossLevel.FrequentlyDrowsy);
        Assert.That(findings, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(findings.Select(f => f.Reason), Has.All.Match(": [a-z][^:]*\\.$"));
    }

    [Test]
    public void An_incomplete_set_never_lengthens_the_schedule()
    {
        var complete = News2.Score(new VitalSigns(16, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert), SpO2Scale.Scale1, 30, false);
        var previous = ObservationSchedule.NextVitals(At, complete, WardSettings.Default);
        Assert.That(previous.At, Is.EqualTo(At.AddHours(12)));
        var partial = News2.Score(new VitalSigns(16, null, null, null, null, null, null, null), SpO2Scale.Scale1, 30, false);
        Assert.That(ObservationSchedule.NextVitals(At.AddHours(1), partial, WardSettings.Default, previous).At, Is.EqualTo(At.AddHours(5)));
        Assert.That(ObservationSchedule.NextVitals(At.AddHours(10), partial, WardSettings.Default, previous).At, Is.EqualTo(At.AddHours(12)));
    }

    [TestCase(30, 1)]
    [TestCase(25, 1)]
    public void An_incomplete_set_with_a_three_is_due_within_the_hour(int rate, int hours)
    {
        var partial = News2.Score(new VitalSigns(rate, null, null, null, null, null, null, null), SpO2Scale.Scale1, 30, false);
        Assert.That(ObservationSchedule.NextVitals(At, partial, WardSettings.Default).At, Is.EqualTo(At.AddHours(hours)));
    }

    [Test]
    public void An_incomplete_set_summing_five_is_due_within_the_hour()
    {
        var partial = News2.Score(new VitalSigns(22, null, null, 100, null, 95, null, null), SpO2Scale.Scale1, 30, false);
        Assert.That(partial.PartialSum, Is.EqualTo(5));
        Assert.That(ObservationSchedule.NextVitals(At, partial, WardSettings.Default).At, Is.EqualTo(At.AddHours(1)));
    }

    [TestCase(14, 0)]
    [TestCase(15, 1)]
    [TestCase(60 + 14, 1)]
    [TestCase(60 + 15, 2)]
    [TestCase(4 * 60 + 15, 5)]
    public void Missed_rounds_count_one_per_interval_after_the_grace(int minutesAfterDue, int rounds) =>
        Assert.That(ObservationSchedule.MissedRounds(At, TimeSpan.FromHours(1), At.AddMinutes(minutesAfterDue), WardSettings.Default), Is.EqualTo(rounds));

    [TestCase(News2Band.High, false, AlertPriority.High)]
    [TestCase(News2Band.Medium, false, AlertPriority.Medium)]
    [TestCase(null, true, AlertPriority.High)]
    [TestCase(null, false, AlertPriority.Medium)]
    public void Overdue_priority_follows_the_patients_state(News2Band? band, bool watch, AlertPriority priority) =>
        Assert.That(ObservationSchedule.OverduePriority(band, watch), Is.EqualTo(priority));

    [Test]
    public void Overdue_reason_is_in_the_wards_time_zone()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var summer = new DateTimeOffset(2026, 7, 1, 11, 0, 0, TimeSpan.Zero);
        var finding = ObservationSchedule.Overdue([new MissedObservation("Vital signs", new Due(summer, "NEWS2 2 (low)"), 1)], AlertPriority.Medium, WardSettings.Default, london);
        Assert.That(finding.Reason, Does.StartWith("Vital signs due at 12:00 (NEWS2 2 (low))").And.EndWith("Chart the observations now."));
    }
}
