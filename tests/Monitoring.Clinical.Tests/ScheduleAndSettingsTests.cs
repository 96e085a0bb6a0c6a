namespace Monitoring.Clinical.Tests;

public sealed class ScheduleAndSettingsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly WardSettings Ward = WardSettings.Default;

    private static News2Result Scored(int total, News2Band band) => new(total, band, new Dictionary<News2Parameter, int>(), [], null, null);

    [TestCase(0, News2Band.Low, 12 * 60)]
    [TestCase(2, News2Band.Low, 4 * 60)]
    [TestCase(3, News2Band.LowMedium, 60)]
    [TestCase(5, News2Band.Medium, 60)]
    [TestCase(9, News2Band.High, 15)]
    public void Next_vitals_follow_the_news2_band(int total, News2Band band, int minutes) =>
        Assert.That(ObservationSchedule.NextVitals(At, Scored(total, band), Ward).At, Is.EqualTo(At.AddMinutes(minutes)));

    [Test]
    public void Next_vitals_without_news2_use_the_ward_default()
    {
        var due = ObservationSchedule.NextVitals(At, new News2Result(null, null, new Dictionary<News2Parameter, int>(), [], "partial", null), Ward);
        Assert.That(due.At, Is.EqualTo(At.AddHours(4)));
        Assert.That(due.Basis, Does.Contain("NEWS2 not computed"));
    }

    [TestCase(12, 4)]
    [TestCase(13, 1)]
    public void Cows_hourly_from_13(int total, int hours) =>
        Assert.That(CowsScale.Instance.NextDue(At, total, Ward).At, Is.EqualTo(At.AddHours(hours)));

    [TestCase(14 * 60 + 59, false)]
    [TestCase(15 * 60, true)]
    public void Overdue_fifteen_minutes_after_due(int secondsAfterDue, bool overdue) =>
        Assert.That(ObservationSchedule.IsOverdue(At, At.AddSeconds(secondsAfterDue), Ward), Is.EqualTo(overdue));

    [TestCase(AlertPriority.High, 119, false)]
    [TestCase(AlertPriority.High, 120, true)]
    [TestCase(AlertPriority.Medium, 899, false)]
    [TestCase(AlertPriority.Medium, 900, true)]
    [TestCase(AlertPriority.Low, 86400, false)]
    public void Escalation_timing(AlertPriority priority, int secondsUnacknowledged, bool due) =>
        Assert.That(Escalation.IsDue(priority, At, At.AddSeconds(secondsUnacknowledged), Ward), Is.EqualTo(due));

    [Test]
    public void Default_settings_are_valid() => Assert.That(WardSettings.Default.Validate(), Is.Empty);

    [Test]
    public void Settings_that_would_silence_a_rule_are_refused()
    {
        var problems = (WardSettings.Default with { RespiratoryDepressionRate = 0 }).With(CowsScale.InductionThreshold, 49).With(CowsScale.SevereFrom, 60).Validate();
        Assert.That(problems.Keys, Is.EquivalentTo(new[] { "respiratoryDepressionRate", "inductionThresholdCows", "withdrawalSevereCows" }));
    }

    [Test]
    public void Nonsense_intervals_are_refused()
    {
        var problems = (WardSettings.Default with { MediumEscalationMinutes = 1 }).With(CowsScale.IntervalHours, 0).With(CowsScale.IntensiveIntervalHours, 2).Validate();
        Assert.That(problems.Keys, Is.SupersetOf(new[] { "cowsIntervalHours", "cowsIntensiveIntervalHours", "mediumEscalationMinutes" }));
    }

    [Test]
    public void A_ward_whose_chosen_opioid_scale_this_service_does_not_know_is_still_scheduled_cows()
    {
        // Another instance may have been started with a scale description this one lacks: a withdrawal scale is still due.
        var settings = WardSettings.Default with { OpioidScale = "sows" };
        Assert.That((settings.ChartedOpioidScale, CowsScale.Instance.IsScheduledFor(["opioid"], settings)), Is.EqualTo(("cows", true)));
        Assert.That(settings.Validate().Keys, Has.Member("opioidScale"), "choosing it here is still refused");
    }

    [Test]
    public void Scale_2s_target_is_read_from_its_scoring() =>
        Assert.That((SpO2Scales.Scale2Target, SpO2Scales.NameOf(2), SpO2Scales.NameOf(1)), Is.EqualTo(((88, 92), "Scale 2 (88–92 %)", "Scale 1")));
}
