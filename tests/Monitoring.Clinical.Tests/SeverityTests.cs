namespace Monitoring.Clinical.Tests;

/// <summary>"Worse than at acknowledgement" for every rule: each row is (evidence then, finding now, what worsened).</summary>
public sealed class SeverityTests
{
    private static readonly VitalSigns Normal = new(16, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    private static Finding Vitals(string code, VitalSigns vitals, PossLevel? sedation = PossLevel.AwakeAndAlert, SpO2Scale scale = SpO2Scale.Scale1, bool pregnant = false)
    {
        var news2 = News2.Score(vitals, scale, 40, pregnant);
        return VitalsRules.Evaluate(new VitalsObservation(vitals, sedation, news2, scale), WardSettings.Default).Single(f => f.Code == code);
    }

    private static string Worse(Finding before, Finding now) => string.Join(", ", now.Severity.WorsenedSince(before.Severity));

    // Respiratory depression: RR, POSS, consciousness and the SpO2 band each count.
    [TestCase(10, "3", "A", 97, 4, "4", "U", 84, "RR 10 -> 4, POSS 3 -> 4, consciousness A -> U, SpO2 97 % -> 84 %")]
    [TestCase(10, "3", "A", 97, 9, "3", "A", 97, "")]
    [TestCase(11, "3", "A", 97, 9, "3", "A", 97, "RR 11 -> 9")]
    [TestCase(9, "3", "A", 97, 8, "3", "A", 97, "RR 9 -> 8")]
    [TestCase(8, "1", "A", 97, 7, "1", "A", 97, "")]
    [TestCase(8, "1", "A", 97, 6, "1", "A", 97, "RR 8 -> 6")]
    [TestCase(10, "3", "A", 91, 10, "3", "A", 80, "SpO2 91 % -> 80 %")]
    [TestCase(10, "3", "A", 91, 10, "3", "A", 89, "")]
    [TestCase(10, "3", "A", 91, 10, "3", "A", 88, "SpO2 91 % -> 88 %")]
    [TestCase(8, "1", "A", 97, 8, "4", "A", 97, "POSS 1 -> 4")]
    [TestCase(10, "3", "A", 97, 10, "3", "V", 97, "consciousness A -> V")]
    [TestCase(10, "3", "A", 95, 10, "3", "A", 92, "SpO2 95 % -> 92 %")]
    [TestCase(10, "3", "A", 97, 10, "3", "A", 96, "")]
    [TestCase(4, "4", "U", 84, 10, "3", "A", 97, "")]
    [TestCase(10, "3", "V", 97, 11, "3", "C", 97, "")]
    public void Respiratory_depression(int rr1, string poss1, string acvpu1, int spo21, int rr2, string poss2, string acvpu2, int spo22, string worsened)
    {
        Finding Of(int rr, string poss, string acvpu, int spo2)
        {
            Poss.TryParse(poss, out var sedation);
            Acvpu.TryParse(acvpu, out var level);
            return Vitals(AlertCodes.RespiratoryDepression, Normal with { RespiratoryRate = rr, Consciousness = level, SpO2 = spo2 }, sedation);
        }
        Assert.That(Worse(Of(rr1, poss1, acvpu1, spo21), Of(rr2, poss2, acvpu2, spo22)), Is.EqualTo(worsened));
    }

    [TestCase(PossLevel.FrequentlyDrowsy, Consciousness.Alert, PossLevel.Somnolent, Consciousness.Alert, "priority medium -> high, POSS 3 -> 4")]
    [TestCase(PossLevel.FrequentlyDrowsy, Consciousness.Voice, PossLevel.FrequentlyDrowsy, Consciousness.Pain, "priority medium -> high, consciousness V -> P")]
    [TestCase(PossLevel.Somnolent, Consciousness.Pain, PossLevel.Somnolent, Consciousness.Unresponsive, "consciousness P -> U")]
    [TestCase(PossLevel.Somnolent, Consciousness.Alert, PossLevel.FrequentlyDrowsy, Consciousness.Alert, "")]
    public void Oversedation(PossLevel sedation1, Consciousness level1, PossLevel sedation2, Consciousness level2, string worsened) =>
        Assert.That(Worse(
            Vitals(AlertCodes.Oversedation, Normal with { Consciousness = level1 }, sedation1),
            Vitals(AlertCodes.Oversedation, Normal with { Consciousness = level2 }, sedation2)), Is.EqualTo(worsened));

    [TestCase(93, 91, "priority medium -> high, SpO2 93 % -> 91 %")]
    [TestCase(93, 92, "")]
    [TestCase(91, 85, "SpO2 91 % -> 85 %")]
    [TestCase(91, 89, "")]
    [TestCase(91, 80, "SpO2 91 % -> 80 %")]
    [TestCase(91, 93, "")]
    public void Hypoxaemia_by_score_band(int before, int now, string worsened) =>
        Assert.That(Worse(
            Vitals(AlertCodes.Hypoxaemia, Normal with { SpO2 = before }),
            Vitals(AlertCodes.Hypoxaemia, Normal with { SpO2 = now })), Is.EqualTo(worsened));

    [TestCase(97, 99, "SpO2 97 % -> 99 %")]
    [TestCase(98, 97, "")]
    public void Over_oxygenation(int before, int now, string worsened) =>
        Assert.That(Worse(
            Vitals(AlertCodes.OverOxygenation, Normal with { SpO2 = before, OnOxygen = true }, scale: SpO2Scale.Scale2),
            Vitals(AlertCodes.OverOxygenation, Normal with { SpO2 = now, OnOxygen = true }, scale: SpO2Scale.Scale2)), Is.EqualTo(worsened));

    [Test]
    public void News2_high_by_total()
    {
        var seven = Vitals(AlertCodes.News2High, Normal with { RespiratoryRate = 25, HeartRate = 131, TemperatureC = 38.5m });
        var nine = Vitals(AlertCodes.News2High, Normal with { RespiratoryRate = 25, HeartRate = 131, TemperatureC = 39.5m, SystolicBp = 105 });
        Assert.That(Worse(seven, nine), Is.EqualTo("NEWS2 7 -> 9"));
        Assert.That(Worse(nine, seven), Is.Empty);
    }

    [Test]
    public void News2_medium_by_total()
    {
        var five = Vitals(AlertCodes.News2Medium, Normal with { HeartRate = 131, RespiratoryRate = 21 });
        var six = Vitals(AlertCodes.News2Medium, Normal with { HeartRate = 131, RespiratoryRate = 25 });
        Assert.That(Worse(five, six), Is.EqualTo("NEWS2 5 -> 6, parameters scoring 3 1 -> 2"));
        Assert.That(Worse(six, five), Is.Empty);
    }

    [Test]
    public void News2_single_parameter_by_total_and_count_of_threes()
    {
        var three = Vitals(AlertCodes.News2SingleParameter, Normal with { HeartRate = 131 });
        var four = Vitals(AlertCodes.News2SingleParameter, Normal with { HeartRate = 131, TemperatureC = 38.5m });
        Assert.That(Worse(three, four), Is.EqualTo("NEWS2 3 -> 4"));
        Assert.That(Worse(four, three), Is.Empty);
    }

    [Test]
    public void Partial_and_pregnancy_sums_compare_like_totals()
    {
        var partial = Vitals(AlertCodes.News2Medium, new VitalSigns(25, null, null, 95, null, null, null, null));
        var worse = Vitals(AlertCodes.News2High, new VitalSigns(25, null, null, 88, null, 135, null, null));
        Assert.That(Worse(partial, worse), Is.EqualTo("priority medium -> high, NEWS2 5 -> 9, parameters scoring 3 1 -> 3"));
        var pregnant = Vitals(AlertCodes.News2High, Normal with { RespiratoryRate = 26, HeartRate = 135, SystolicBp = 85, TemperatureC = 39.3m }, pregnant: true);
        Assert.That(pregnant.Severity.Parts[0], Is.EqualTo(new SeverityPart("NEWS2", 11, "11")));
    }

    [TestCase(25, 29, "")]
    [TestCase(25, 30, "COWS 25 -> 30")]
    public void Withdrawal_severe_by_the_rules_step(int before, int now, string worsened)
    {
        Finding Of(int total) => CowsRules.Evaluate(new Assessment(Now, total), [], true, WardSettings.Default).Single(f => f.Code == AlertCodes.WithdrawalSevere);
        Assert.That(Worse(Of(before), Of(now)), Is.EqualTo(worsened));
    }

    [TestCase(12, 16, "")]
    [TestCase(12, 17, "COWS 12 -> 17")]
    public void Withdrawal_escalating_by_the_rules_step(int before, int now, string worsened)
    {
        Finding Of(int total) => CowsRules.Evaluate(new Assessment(Now, total), [new Assessment(Now.AddHours(-2), 2)], true, WardSettings.Default)
            .Single(f => f.Code == AlertCodes.WithdrawalEscalating);
        Assert.That(Worse(Of(before), Of(now)), Is.EqualTo(worsened));
    }

    [TestCase(8, 12, "")]
    [TestCase(8, 13, "COWS 8 -> 13")]
    public void Induction_threshold_by_the_rules_step(int before, int now, string worsened)
    {
        Finding Of(int total) => CowsRules.Evaluate(new Assessment(Now, total), [], true, WardSettings.Default).Single(f => f.Code == AlertCodes.InductionThreshold);
        Assert.That(Worse(Of(before), Of(now)), Is.EqualTo(worsened));
    }

    [TestCase(12, 15, "")]
    [TestCase(12, 16, "CIWA-Ar 12 -> 16")]
    [TestCase(16, 20, "priority medium -> high, CIWA-Ar 16 -> 20")]
    public void Ciwa_ar_by_the_rules_step(int before, int now, string worsened)
    {
        Finding Of(int total, string code) => CiwaAr.Instance.Evaluate(new Assessment(Now, total), [], ["alcohol"], WardSettings.Default).Single(f => f.Code == code);
        var code = before >= 16 ? CiwaAr.SevereCode : CiwaAr.MedicationThresholdCode;
        Assert.That(Worse(Of(before, code), Of(now, code)), Is.EqualTo(worsened));
    }

    [Test]
    public void Overdue_each_missed_round_and_a_higher_priority_are_worse()
    {
        var due = new Due(Now, "NEWS2 2 (low)");
        Finding Of(int rounds, AlertPriority priority) => ObservationSchedule.Overdue([new MissedObservation("Vital signs", due, rounds)], priority, WardSettings.Default, TimeZoneInfo.Utc);
        Assert.Multiple(() =>
        {
            Assert.That(Worse(Of(1, AlertPriority.Medium), Of(2, AlertPriority.Medium)), Is.EqualTo("Vital signs rounds missed 1 -> 2"));
            Assert.That(Worse(Of(1, AlertPriority.Medium), Of(1, AlertPriority.High)), Is.EqualTo("priority medium -> high"));
            Assert.That(Worse(Of(2, AlertPriority.Medium), Of(2, AlertPriority.Medium)), Is.Empty);
        });
    }

    [Test]
    public void A_finding_without_parts_is_worse_only_by_priority()
    {
        var low = new Finding("future-rule", AlertPriority.Low, "x");
        Assert.That(new Finding("future-rule", AlertPriority.Medium, "y").Severity.IsWorseThan(low.Severity), Is.True);
        Assert.That(new Finding("future-rule", AlertPriority.Low, "y").Severity.IsWorseThan(low.Severity), Is.False);
    }
}
