namespace Monitoring.Clinical.Tests;

public sealed class CowsTests
{
    private static readonly object[] AllowedTable =
    [
        new object[] { CowsItem.RestingPulseRate, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.Sweating, new[] { 0, 1, 2, 3, 4 } },
        new object[] { CowsItem.Restlessness, new[] { 0, 1, 3, 5 } },
        new object[] { CowsItem.PupilSize, new[] { 0, 1, 2, 5 } },
        new object[] { CowsItem.BoneJointAches, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.RunnyNoseTearing, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.GiUpset, new[] { 0, 1, 2, 3, 5 } },
        new object[] { CowsItem.Tremor, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.Yawning, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.AnxietyIrritability, new[] { 0, 1, 2, 4 } },
        new object[] { CowsItem.GoosefleshSkin, new[] { 0, 3, 5 } },
    ];

    [TestCaseSource(nameof(AllowedTable))]
    public void Each_item_allows_exactly_the_scores_of_its_row(CowsItem item, int[] allowed)
    {
        Assert.That(Cows.AllowedScores(item), Is.EqualTo(allowed));
        foreach (var score in Enumerable.Range(-1, 8))
        {
            Assert.That(Cows.IsAllowed(item, score), Is.EqualTo(allowed.Contains(score)), $"{item} {score}");
        }
        Assert.That(allowed.Select(score => Cows.Describe(item, score)), Is.All.Not.Empty);
    }

    [Test]
    public void Eleven_items_with_a_maximum_of_48() =>
        Assert.That(Cows.Items.Sum(item => Cows.AllowedScores(item).Max()), Is.EqualTo(48));

    [TestCase(1, 0)]
    [TestCase(80, 0)]
    [TestCase(81, 1)]
    [TestCase(100, 1)]
    [TestCase(101, 2)]
    [TestCase(120, 2)]
    [TestCase(121, 4)]
    [TestCase(300, 4)]
    public void Resting_pulse_in_beats_per_minute_scores(int bpm, int score) => Assert.That(Cows.RestingPulseScore(bpm), Is.EqualTo(score));

    [Test]
    public void Pulse_below_one_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => Cows.RestingPulseScore(0));

    [TestCase(0, "none")]
    [TestCase(4, "none")]
    [TestCase(5, "mild")]
    [TestCase(12, "mild")]
    [TestCase(13, "moderate")]
    [TestCase(24, "moderate")]
    [TestCase(25, "moderately-severe")]
    [TestCase(36, "moderately-severe")]
    [TestCase(37, "severe")]
    [TestCase(48, "severe")]
    public void Severity_bands(int total, string band) => Assert.That(CowsScale.Instance.BandOf(total).Name, Is.EqualTo(band));

    [TestCase(-1)]
    [TestCase(49)]
    public void Totals_outside_0_to_48_are_refused(int total) => Assert.Throws<ArgumentOutOfRangeException>(() => CowsScale.Instance.BandOf(total));

    [TestCase(CowsItem.Restlessness, 2)]
    [TestCase(CowsItem.GoosefleshSkin, 1)]
    [TestCase(CowsItem.Sweating, 5)]
    [TestCase(CowsItem.PupilSize, 3)]
    [TestCase(CowsItem.GiUpset, 4)]
    public void A_value_outside_the_row_is_refused(CowsItem item, int value)
    {
        Assert.That(Cows.IsAllowed(item, value), Is.False);
        Assert.That(() => Cows.Describe(item, value), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
