namespace Monitoring.Clinical.Tests;

public sealed class News2ScoreTests
{
    private static readonly VitalSigns Normal = new(16, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert);

    [TestCase(0, false, News2Band.Low)]
    [TestCase(1, false, News2Band.Low)]
    [TestCase(4, false, News2Band.Low)]
    [TestCase(3, true, News2Band.LowMedium)]
    [TestCase(4, true, News2Band.LowMedium)]
    [TestCase(5, false, News2Band.Medium)]
    [TestCase(5, true, News2Band.Medium)]
    [TestCase(6, true, News2Band.Medium)]
    [TestCase(7, false, News2Band.High)]
    [TestCase(7, true, News2Band.High)]
    [TestCase(20, true, News2Band.High)]
    public void Band_from_total_and_single_three(int total, bool singleThree, News2Band band) =>
        Assert.That(News2.Band(total, singleThree), Is.EqualTo(band));

    [TestCase(0, News2Band.Low, 12 * 60)]
    [TestCase(1, News2Band.Low, 4 * 60)]
    [TestCase(4, News2Band.Low, 4 * 60)]
    [TestCase(3, News2Band.LowMedium, 60)]
    [TestCase(5, News2Band.Medium, 60)]
    [TestCase(6, News2Band.Medium, 60)]
    [TestCase(7, News2Band.High, 15)]
    public void Minimum_observation_interval(int total, News2Band band, int minutes) =>
        Assert.That(News2.MinimumObservationInterval(total, band), Is.EqualTo(TimeSpan.FromMinutes(minutes)));

    [Test]
    public void Normal_set_scores_zero_low_twelve_hourly()
    {
        var result = News2.Score(Normal, SpO2Scale.Scale1, 40, pregnant: false);
        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.EqualTo(0));
            Assert.That(result.Band, Is.EqualTo(News2Band.Low));
            Assert.That(result.MinimumObservationInterval, Is.EqualTo(TimeSpan.FromHours(12)));
            Assert.That(result.Parameters, Has.Count.EqualTo(7));
            Assert.That(result.NotComputedReason, Is.Null);
        });
    }

    [Test]
    public void Opioid_toxicity_picture_sums_every_parameter()
    {
        // RR 7 (3) + SpO2 90 (3) + oxygen (2) + SBP 100 (2) + HR 48 (1) + V (3) + 35.5 (1) = 15
        var vitals = new VitalSigns(7, 90, true, 100, 60, 48, 35.5m, Consciousness.Voice);
        var result = News2.Score(vitals, SpO2Scale.Scale1, 30, pregnant: false);
        Assert.That(result.Total, Is.EqualTo(15));
        Assert.That(result.Band, Is.EqualTo(News2Band.High));
    }

    [Test]
    public void A_single_three_with_low_total_is_low_medium()
    {
        var result = News2.Score(Normal with { RespiratoryRate = 7 }, SpO2Scale.Scale1, 30, pregnant: false);
        Assert.That(result.Total, Is.EqualTo(3));
        Assert.That(result.Band, Is.EqualTo(News2Band.LowMedium));
        Assert.That(result.MinimumObservationInterval, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public void Partial_set_gives_parameter_scores_but_no_total()
    {
        var result = News2.Score(Normal with { TemperatureC = null, RespiratoryRate = null }, SpO2Scale.Scale1, 30, pregnant: false);
        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.Null);
            Assert.That(result.Band, Is.Null);
            Assert.That(result.Missing, Is.EquivalentTo(new[] { News2Parameter.RespirationRate, News2Parameter.Temperature }));
            Assert.That(result.NotComputedReason, Does.Contain("respiration rate and temperature"));
            Assert.That(result.Parameters, Has.Count.EqualTo(5));
        });
    }

    [TestCase(15, false, "16")]
    [TestCase(30, true, "pregnancy")]
    public void Not_validated_under_16_or_in_pregnancy(int age, bool pregnant, string reason)
    {
        var result = News2.Score(Normal with { RespiratoryRate = 7 }, SpO2Scale.Scale1, age, pregnant);
        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.Null);
            Assert.That(result.NotComputedReason, Does.Contain(reason));
            Assert.That(result.Parameters[News2Parameter.RespirationRate], Is.EqualTo(3));
        });
    }

    [Test]
    public void Sixteen_year_old_is_scored() =>
        Assert.That(News2.Score(Normal, SpO2Scale.Scale1, 16, pregnant: false).Total, Is.EqualTo(0));

    [Test]
    public void Scale_2_high_saturation_without_oxygen_flag_is_not_scored()
    {
        var result = News2.Score(Normal with { SpO2 = 95, OnOxygen = null }, SpO2Scale.Scale2, 60, pregnant: false);
        Assert.That(result.Parameters.ContainsKey(News2Parameter.SpO2), Is.False);
        Assert.That(result.Total, Is.Null);
    }

    [Test]
    public void Scale_2_on_oxygen_at_97_scores_three_plus_oxygen_two()
    {
        var result = News2.Score(Normal with { SpO2 = 97, OnOxygen = true }, SpO2Scale.Scale2, 60, pregnant: false);
        Assert.That(result.Parameters[News2Parameter.SpO2], Is.EqualTo(3));
        Assert.That(result.Total, Is.EqualTo(5));
    }
}
