namespace Monitoring.Clinical.Tests;

/// <summary>CIWA-Ar as design.md describes it: every item's bounds, every band edge, its schedule and its rules.</summary>
public sealed class CiwaArTests
{
    private static readonly CiwaAr Scale = CiwaAr.Instance;
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly (string Item, int Maximum)[] Items =
    [
        ("nauseaVomiting", 7), ("tremor", 7), ("paroxysmalSweats", 7), ("anxiety", 7), ("agitation", 7),
        ("tactileDisturbances", 7), ("auditoryDisturbances", 7), ("visualDisturbances", 7), ("headache", 7), ("orientation", 4),
    ];

    private static IEnumerable<TestCaseData> ItemBounds() => Items.Select(i => new TestCaseData(i.Item, i.Maximum).SetName($"CIWA-Ar {i.Item} is 0 to {i.Maximum}"));

    [Test]
    public void Items_are_those_of_the_published_scale_in_order() =>
        Assert.That(Scale.Items.Select(i => (i.Name, i.Maximum)), Is.EqualTo(Items));

    [TestCaseSource(nameof(ItemBounds))]
    public void Every_integer_of_the_item_range_is_allowed_and_nothing_else(string name, int maximum)
    {
        var item = Scale.Items.Single(i => i.Name == name);
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, maximum + 1).All(item.Allows), Is.True);
            Assert.That(item.Allows(-1), Is.False);
            Assert.That(item.Allows(maximum + 1), Is.False);
            Assert.That(item.Values.Select(v => v.Score), Is.EqualTo(Enumerable.Range(0, maximum + 1)));
            Assert.That(item.Values[0].Descriptor, Is.Not.Null.And.Not.Empty, "0 has words");
            Assert.That(item.Values[1].Descriptor, Is.Not.Null.And.Not.Empty, "1 has words");
            Assert.That(item.Values[^1].Descriptor, Is.Not.Null.And.Not.Empty, "the maximum has words");
        });
    }

    [TestCaseSource(nameof(ItemBounds))]
    public void Scoring_refuses_a_value_outside_the_item_range(string name, int maximum)
    {
        Assert.That(() => Scale.Score(Scored(name, maximum + 1)), Throws.ArgumentException);
        Assert.That(() => Scale.Score(Scored(name, -1)), Throws.ArgumentException);
        Assert.That(Scale.Score(Scored(name, maximum)).Total, Is.EqualTo(maximum));
    }

    [Test]
    public void A_missing_item_is_refused()
    {
        var scores = Scored("tremor", 0);
        scores.Remove("orientation");
        Assert.That(() => Scale.Score(scores), Throws.ArgumentException.With.Message.Contains("orientation"));
    }

    [Test]
    public void Total_is_0_to_67() => Assert.That(Scale.MaximumTotal, Is.EqualTo(67));

    [TestCase(0, "mild")]
    [TestCase(10, "mild")]
    [TestCase(11, "moderate")]
    [TestCase(15, "moderate")]
    [TestCase(16, "severe")]
    [TestCase(67, "severe")]
    public void Severity_at_every_band_edge(int total, string band) => Assert.That(Scale.BandOf(total).Name, Is.EqualTo(band));

    [TestCase(-1)]
    [TestCase(68)]
    public void A_total_outside_0_to_67_has_no_band(int total) => Assert.That(() => Scale.BandOf(total), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase(9, 4)]
    [TestCase(10, 1)]
    [TestCase(67, 1)]
    public void Four_hourly_then_hourly_from_the_medication_threshold(int total, int hours) =>
        Assert.That(Scale.NextDue(Now, total, WardSettings.Default).At, Is.EqualTo(Now.AddHours(hours)));

    [Test]
    public void The_ward_threshold_moves_the_hourly_schedule() =>
        Assert.That(Scale.NextDue(Now, 12, WardSettings.Default.With(CiwaAr.MedicationThreshold, 13)).At, Is.EqualTo(Now.AddHours(4)));

    [TestCase(9, false)]
    [TestCase(10, true)]
    public void Medication_threshold_is_low_from_10(int total, bool fires)
    {
        var finding = Evaluate(total).SingleOrDefault(f => f.Code == CiwaAr.MedicationThresholdCode);
        Assert.That(finding is not null, Is.EqualTo(fires));
        if (finding is not null)
        {
            Assert.That(finding.Priority, Is.EqualTo(AlertPriority.Low));
            Assert.That(finding.Reason, Does.Contain($"CIWA-Ar {total}").And.Contain("symptom-triggered dose"));
        }
    }

    [TestCase(15, null)]
    [TestCase(16, AlertPriority.Medium)]
    [TestCase(19, AlertPriority.Medium)]
    [TestCase(20, AlertPriority.High)]
    [TestCase(67, AlertPriority.High)]
    public void Severe_withdrawal_is_medium_from_16_and_high_from_20(int total, AlertPriority? priority)
    {
        var finding = Evaluate(total).SingleOrDefault(f => f.Code == CiwaAr.SevereCode);
        Assert.That(finding?.Priority, Is.EqualTo(priority));
        if (priority == AlertPriority.High)
        {
            Assert.That(finding!.Reason, Does.Contain("seizures and delirium"));
        }
    }

    [Test]
    public void Ward_thresholds_move_both_rules()
    {
        var settings = WardSettings.Default.With(CiwaAr.MedicationThreshold, 8).With(CiwaAr.HighThreshold, 14);
        var findings = Scale.Evaluate(new Assessment(Now, 14), [], ["alcohol"], settings);
        Assert.That(findings.Select(f => (f.Code, f.Priority)), Is.EquivalentTo(new[]
        {
            (CiwaAr.MedicationThresholdCode, AlertPriority.Low),
            (CiwaAr.SevereCode, AlertPriority.High),
        }));
    }

    [TestCase(new[] { "alcohol" }, true, false)]
    [TestCase(new[] { "opioid" }, false, true)]
    [TestCase(new[] { "opioid", "alcohol" }, true, true)]
    [TestCase(new[] { "stimulant" }, false, false)]
    public void Alcohol_schedules_ciwa_ar_and_opioids_cows(string[] substances, bool ciwa, bool cows)
    {
        Assert.That(Scale.IsScheduledFor(substances, WardSettings.Default), Is.EqualTo(ciwa));
        Assert.That(CowsScale.Instance.IsScheduledFor(substances, WardSettings.Default), Is.EqualTo(cows));
    }

    [Test]
    public void Default_ciwa_settings_are_10_and_20() =>
        Assert.That((WardSettings.Default.Get(CiwaAr.MedicationThreshold), WardSettings.Default.Get(CiwaAr.HighThreshold)), Is.EqualTo((10, 20)));

    [TestCase(0, 20, "ciwaMedicationThreshold")]
    [TestCase(68, 20, "ciwaMedicationThreshold")]
    [TestCase(10, 0, "ciwaHighThreshold")]
    [TestCase(10, 68, "ciwaHighThreshold")]
    public void Settings_that_would_silence_a_ciwa_rule_are_refused(int medication, int high, string field) =>
        Assert.That(WardSettings.Default.With(CiwaAr.MedicationThreshold, medication).With(CiwaAr.HighThreshold, high).Validate().Keys, Is.EquivalentTo(new[] { field }));

    [Test]
    public void Intensive_ciwa_interval_may_not_exceed_the_usual_one() =>
        Assert.That(WardSettings.Default.With(CiwaAr.IntervalHours, 2).With(CiwaAr.IntensiveIntervalHours, 3).Validate().Keys, Is.EquivalentTo(new[] { "ciwaIntensiveIntervalHours" }));

    private static IReadOnlyList<Finding> Evaluate(int total) => Scale.Evaluate(new Assessment(Now, total), [], ["alcohol"], WardSettings.Default);

    private static Dictionary<string, int> Scored(string name, int score) =>
        Scale.Items.ToDictionary(i => i.Name, i => i.Name == name ? score : 0);
}
