namespace Monitoring.Clinical.Tests;

/// <summary>The scale descriptions hold together, and COWS as data scores exactly as the COWS table.</summary>
public sealed class AssessmentScalesTests
{
    [Test]
    public void Kinds_are_unique_and_found() =>
        Assert.Multiple(() =>
        {
            Assert.That(AssessmentScales.All.Select(s => s.Kind), Is.Unique);
            Assert.That(AssessmentScales.All.All(s => AssessmentScales.Find(s.Kind) == s), Is.True);
            Assert.That(AssessmentScales.Find("vitals"), Is.Null);
        });

    private static IEnumerable<AssessmentScale> Scales() => AssessmentScales.All;

    [TestCaseSource(nameof(Scales))]
    public void Bands_cover_every_total_once_without_gaps(AssessmentScale scale)
    {
        Assert.That(scale.Bands[0].From, Is.Zero);
        Assert.That(scale.Bands[^1].To, Is.EqualTo(scale.MaximumTotal));
        for (var i = 1; i < scale.Bands.Count; i++)
        {
            Assert.That(scale.Bands[i].From, Is.EqualTo(scale.Bands[i - 1].To + 1), scale.Bands[i].Name);
        }
    }

    [TestCaseSource(nameof(Scales))]
    public void Item_names_are_unique(AssessmentScale scale) => Assert.That(scale.Items.Select(i => i.Name), Is.Unique);

    [Test]
    public void Cows_description_has_the_values_and_words_of_the_cows_table()
    {
        var scale = CowsScale.Instance;
        Assert.That(scale.Items.Select(i => i.Name), Is.EqualTo(Cows.Items.Select(CowsScale.NameOf)));
        foreach (var item in Cows.Items)
        {
            var described = scale.Items.Single(i => i.Name == CowsScale.NameOf(item));
            Assert.That(described.Values.Select(v => v.Score), Is.EqualTo(Cows.AllowedScores(item)), described.Name);
            Assert.That(described.Values.Select(v => v.Descriptor), Is.EqualTo(Cows.AllowedScores(item).Select(s => Cows.Describe(item, s))), described.Name);
        }
        Assert.That(scale.MaximumTotal, Is.EqualTo(Cows.MaximumTotal));
    }

    [TestCase(12, 4)]
    [TestCase(13, 1)]
    public void Cows_schedule_and_rules_are_unchanged(int total, int hours)
    {
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        Assert.That(CowsScale.Instance.NextDue(at, total, WardSettings.Default).At, Is.EqualTo(at.AddHours(hours)));
        var earlier = new[] { new Assessment(at.AddHours(-2), 2) };
        var viaScale = CowsScale.Instance.Evaluate(new Assessment(at, total), earlier, ["opioid"], WardSettings.Default);
        var viaRules = CowsRules.Evaluate(new Assessment(at, total), [new Assessment(at.AddHours(-2), 2)], true, WardSettings.Default);
        Assert.That(viaScale, Is.EqualTo(viaRules));
    }

    [TestCase(20, 0)]
    [TestCase(80, 0)]
    [TestCase(81, 1)]
    [TestCase(100, 1)]
    [TestCase(101, 2)]
    [TestCase(120, 2)]
    [TestCase(121, 4)]
    [TestCase(300, 4)]
    public void Cows_pulse_measurement_scores_the_pulse_item(int bpm, int score)
    {
        var measurement = CowsScale.Instance.Items[0].Measurement!;
        Assert.That((measurement.Name, measurement.Minimum, measurement.Maximum), Is.EqualTo(("restingPulseBpm", 20, 300)));
        Assert.That(measurement.Score(bpm), Is.EqualTo(score));
    }
}
