namespace Monitoring.Clinical.Tests;

public sealed class VitalsRulesTests
{
    private static readonly VitalSigns Normal = new(16, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert);

    private static IReadOnlyList<Finding> Evaluate(VitalSigns vitals, PossLevel? sedation = PossLevel.AwakeAndAlert, SpO2Scale scale = SpO2Scale.Scale1, WardSettings? settings = null)
    {
        var news2 = News2.Score(vitals, scale, 40, pregnant: false);
        return VitalsRules.Evaluate(new VitalsObservation(vitals, sedation, news2, scale), settings ?? WardSettings.Default);
    }

    private static Finding? Find(IReadOnlyList<Finding> findings, string code) => findings.SingleOrDefault(f => f.Code == code);

    [TestCase(8, true)]
    [TestCase(9, false)]
    [TestCase(0, true)]
    public void Respiratory_rate_alone(int rate, bool fires)
    {
        var finding = Find(Evaluate(Normal with { RespiratoryRate = rate }), AlertCodes.RespiratoryDepression);
        Assert.That(finding is not null, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(finding!.Priority, Is.EqualTo(AlertPriority.High));
            Assert.That(finding.Reason, Does.Contain($"Respiratory rate {rate}/min"));
        }
    }

    [TestCase(11, PossLevel.FrequentlyDrowsy, true)]
    [TestCase(12, PossLevel.FrequentlyDrowsy, false)]
    [TestCase(11, PossLevel.Somnolent, true)]
    [TestCase(11, PossLevel.SlightlyDrowsy, false)]
    [TestCase(9, PossLevel.AsleepEasyToArouse, false)]
    public void Slow_breathing_with_sedation(int rate, PossLevel sedation, bool fires) =>
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = rate }, sedation), AlertCodes.RespiratoryDepression) is not null, Is.EqualTo(fires));

    [TestCase(11, Consciousness.Voice, true)]
    [TestCase(11, Consciousness.Confusion, true)]
    [TestCase(12, Consciousness.Pain, false)]
    [TestCase(11, Consciousness.Alert, false)]
    public void Slow_breathing_with_altered_consciousness(int rate, Consciousness level, bool fires) =>
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = rate, Consciousness = level }), AlertCodes.RespiratoryDepression) is not null, Is.EqualTo(fires));

    [TestCase(11, 93, true)]
    [TestCase(11, 94, false)]
    [TestCase(12, 91, false)]
    public void Slow_breathing_with_low_saturation(int rate, int spo2, bool fires) =>
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = rate, SpO2 = spo2 }), AlertCodes.RespiratoryDepression) is not null, Is.EqualTo(fires));

    [Test]
    public void Reason_names_rate_and_sedation()
    {
        var finding = Find(Evaluate(Normal with { RespiratoryRate = 7 }, PossLevel.FrequentlyDrowsy), AlertCodes.RespiratoryDepression)!;
        Assert.That(finding.Reason, Is.EqualTo("Respiratory rate 7/min (≤ 8) with POSS 3 (frequently drowsy): stop opioids, consider naloxone, call for help."));
    }

    [Test]
    public void Ward_threshold_moves_the_rule()
    {
        var settings = WardSettings.Default with { RespiratoryDepressionRate = 10 };
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = 10 }, settings: settings), AlertCodes.RespiratoryDepression), Is.Not.Null);
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = 10 }), AlertCodes.RespiratoryDepression), Is.Null);
    }

    [TestCase(PossLevel.Somnolent, Consciousness.Alert, AlertPriority.High)]
    [TestCase(PossLevel.AwakeAndAlert, Consciousness.Pain, AlertPriority.High)]
    [TestCase(PossLevel.AwakeAndAlert, Consciousness.Unresponsive, AlertPriority.High)]
    [TestCase(PossLevel.FrequentlyDrowsy, Consciousness.Alert, AlertPriority.Medium)]
    [TestCase(PossLevel.AwakeAndAlert, Consciousness.Voice, AlertPriority.Medium)]
    [TestCase(PossLevel.FrequentlyDrowsy, Consciousness.Pain, AlertPriority.High)]
    public void Oversedation_priority(PossLevel sedation, Consciousness level, AlertPriority priority) =>
        Assert.That(Find(Evaluate(Normal with { Consciousness = level }, sedation), AlertCodes.Oversedation)?.Priority, Is.EqualTo(priority));

    [TestCase(PossLevel.SlightlyDrowsy, Consciousness.Alert)]
    [TestCase(PossLevel.AsleepEasyToArouse, Consciousness.Alert)]
    [TestCase(PossLevel.AwakeAndAlert, Consciousness.Confusion)]
    public void No_oversedation(PossLevel sedation, Consciousness level) =>
        Assert.That(Find(Evaluate(Normal with { Consciousness = level }, sedation), AlertCodes.Oversedation), Is.Null);

    [Test]
    public void No_oversedation_when_sedation_not_charted() =>
        Assert.That(Find(Evaluate(Normal, sedation: null), AlertCodes.Oversedation), Is.Null);

    [TestCase(91, AlertPriority.High)]
    [TestCase(92, AlertPriority.Medium)]
    [TestCase(93, AlertPriority.Medium)]
    public void Hypoxaemia_on_scale_1(int spo2, AlertPriority priority) =>
        Assert.That(Find(Evaluate(Normal with { SpO2 = spo2 }), AlertCodes.Hypoxaemia)?.Priority, Is.EqualTo(priority));

    [TestCase(94)]
    [TestCase(100)]
    public void No_hypoxaemia_on_scale_1(int spo2) => Assert.That(Find(Evaluate(Normal with { SpO2 = spo2 }), AlertCodes.Hypoxaemia), Is.Null);

    [TestCase(83, false, AlertPriority.High)]
    [TestCase(85, false, AlertPriority.Medium)]
    [TestCase(83, true, AlertPriority.High)]
    public void Hypoxaemia_follows_the_admission_scale_2(int spo2, bool oxygen, AlertPriority priority) =>
        Assert.That(Find(Evaluate(Normal with { SpO2 = spo2, OnOxygen = oxygen }, scale: SpO2Scale.Scale2), AlertCodes.Hypoxaemia)?.Priority, Is.EqualTo(priority));

    [TestCase(86, false)]
    [TestCase(88, false)]
    [TestCase(94, true)]
    [TestCase(95, true)]
    [TestCase(97, true)]
    public void No_hypoxaemia_on_scale_2(int spo2, bool oxygen) =>
        Assert.That(Find(Evaluate(Normal with { SpO2 = spo2, OnOxygen = oxygen }, scale: SpO2Scale.Scale2), AlertCodes.Hypoxaemia), Is.Null);

    [Test]
    public void News2_seven_is_high()
    {
        // RR 25 (3) + HR 131 (3) + temperature 38.5 (1) = 7
        var findings = Evaluate(Normal with { RespiratoryRate = 25, HeartRate = 131, TemperatureC = 38.5m });
        Assert.That(Find(findings, AlertCodes.News2High)?.Priority, Is.EqualTo(AlertPriority.High));
        Assert.That(Find(findings, AlertCodes.News2Medium), Is.Null);
        Assert.That(Find(findings, AlertCodes.News2SingleParameter), Is.Null);
    }

    [Test]
    public void News2_six_is_medium()
    {
        // RR 25 (3) + HR 131 (3) = 6
        var findings = Evaluate(Normal with { RespiratoryRate = 25, HeartRate = 131 });
        Assert.That(Find(findings, AlertCodes.News2Medium)?.Priority, Is.EqualTo(AlertPriority.Medium));
        Assert.That(Find(findings, AlertCodes.News2High), Is.Null);
    }

    [Test]
    public void News2_five_is_medium_and_four_is_not()
    {
        // HR 131 (3) + RR 21 (2) = 5; HR 131 (3) + temperature 38.5 (1) = 4 with a single 3
        Assert.That(Find(Evaluate(Normal with { HeartRate = 131, RespiratoryRate = 21 }), AlertCodes.News2Medium), Is.Not.Null);
        var four = Evaluate(Normal with { HeartRate = 131, TemperatureC = 38.5m });
        Assert.That(Find(four, AlertCodes.News2Medium), Is.Null);
        Assert.That(Find(four, AlertCodes.News2SingleParameter)?.Reason, Does.Contain("pulse"));
    }

    [Test]
    public void Single_parameter_three_needs_a_three()
    {
        // RR 21 (2) + temperature 38.5 (1) + HR 95 (1) = 4, no single 3
        Assert.That(Find(Evaluate(Normal with { RespiratoryRate = 21, TemperatureC = 38.5m, HeartRate = 95 }), AlertCodes.News2SingleParameter), Is.Null);
    }

    [Test]
    public void Partial_set_runs_vital_sign_rules_and_the_charted_news2_parameters()
    {
        var partial = new VitalSigns(7, null, null, null, null, null, null, null);
        var findings = Evaluate(partial);
        Assert.That(findings.Select(f => f.Code), Is.EquivalentTo(new[] { AlertCodes.RespiratoryDepression, AlertCodes.News2SingleParameter }));
    }

    [Test]
    public void Normal_observations_raise_nothing() => Assert.That(Evaluate(Normal), Is.Empty);
}
