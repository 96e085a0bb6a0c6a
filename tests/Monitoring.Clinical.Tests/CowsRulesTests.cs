namespace Monitoring.Clinical.Tests;

public sealed class CowsRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Finding> Evaluate(int total, bool opioid = true, params Assessment[] earlier) =>
        CowsRules.Evaluate(new Assessment(Now, total), earlier, opioid, WardSettings.Default);

    [TestCase(24, false)]
    [TestCase(25, true)]
    [TestCase(48, true)]
    public void Severe_withdrawal(int total, bool fires) =>
        Assert.That(Evaluate(total).Any(f => f.Code == AlertCodes.WithdrawalSevere && f.Priority == AlertPriority.Medium), Is.EqualTo(fires));

    [TestCase(7, false)]
    [TestCase(8, true)]
    public void Induction_threshold_on_opioid_admission(int total, bool fires) =>
        Assert.That(Evaluate(total).Any(f => f.Code == AlertCodes.InductionThreshold && f.Priority == AlertPriority.Low), Is.EqualTo(fires));

    [Test]
    public void No_induction_threshold_without_opioids() =>
        Assert.That(Evaluate(20, opioid: false).Any(f => f.Code == AlertCodes.InductionThreshold), Is.False);

    [TestCase(7, false)]
    [TestCase(8, true)]
    public void Escalation_by_rise_within_six_hours(int rise, bool fires)
    {
        var findings = Evaluate(4 + rise, true, new Assessment(Now.AddHours(-3), 4));
        Assert.That(findings.Any(f => f.Code == AlertCodes.WithdrawalEscalating), Is.EqualTo(fires));
    }

    [TestCase(360, true)]
    [TestCase(361, false)]
    public void Escalation_window_edge(int minutesBefore, bool fires)
    {
        var findings = Evaluate(12, true, new Assessment(Now.AddMinutes(-minutesBefore), 4));
        Assert.That(findings.Any(f => f.Code == AlertCodes.WithdrawalEscalating), Is.EqualTo(fires));
    }

    [Test]
    public void Escalation_compares_with_the_lowest_in_the_window_and_says_so()
    {
        var finding = Evaluate(15, true, new Assessment(Now.AddHours(-5), 6), new Assessment(Now.AddHours(-2), 10)).Single(f => f.Code == AlertCodes.WithdrawalEscalating);
        Assert.That(finding.Reason, Is.EqualTo("COWS rose from 6 to 15 (+9) in 5 h 00 min: reassess and review withdrawal treatment."));
    }

    [Test]
    public void Later_assessments_do_not_count_as_earlier() =>
        Assert.That(Evaluate(12, true, new Assessment(Now.AddHours(1), 0)).Any(f => f.Code == AlertCodes.WithdrawalEscalating), Is.False);
}
