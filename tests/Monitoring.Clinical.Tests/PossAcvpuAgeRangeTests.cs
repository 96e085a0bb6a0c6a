namespace Monitoring.Clinical.Tests;

public sealed class PossTests
{
    [TestCase("S", PossLevel.AsleepEasyToArouse, 0, true)]
    [TestCase("1", PossLevel.AwakeAndAlert, 1, true)]
    [TestCase("2", PossLevel.SlightlyDrowsy, 2, true)]
    [TestCase("3", PossLevel.FrequentlyDrowsy, 3, false)]
    [TestCase("4", PossLevel.Somnolent, 4, false)]
    public void Codes_ranks_and_acceptability(string code, PossLevel level, int rank, bool acceptable)
    {
        Assert.That(Poss.TryParse(code, out var parsed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(level));
            Assert.That(Poss.Code(level), Is.EqualTo(code));
            Assert.That(Poss.Rank(level), Is.EqualTo(rank));
            Assert.That(Poss.IsAcceptable(level), Is.EqualTo(acceptable));
        });
    }

    [TestCase("0")]
    [TestCase("5")]
    [TestCase("s")]
    [TestCase("")]
    [TestCase(null)]
    public void Other_codes_are_refused(string? code) => Assert.That(Poss.TryParse(code, out _), Is.False);
}

public sealed class AcvpuTests
{
    [TestCase("A", Consciousness.Alert)]
    [TestCase("C", Consciousness.Confusion)]
    [TestCase("V", Consciousness.Voice)]
    [TestCase("P", Consciousness.Pain)]
    [TestCase("U", Consciousness.Unresponsive)]
    public void Codes_round_trip(string code, Consciousness level)
    {
        Assert.That(Acvpu.TryParse(code, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(level));
        Assert.That(Acvpu.Code(level), Is.EqualTo(code));
    }

    [TestCase("a")]
    [TestCase("X")]
    [TestCase(null)]
    public void Other_codes_are_refused(string? code) => Assert.That(Acvpu.TryParse(code, out _), Is.False);
}

public sealed class AgeTests
{
    [TestCase("2010-06-15", "2026-06-14", 15)]
    [TestCase("2010-06-15", "2026-06-15", 16)]
    [TestCase("2008-02-29", "2024-02-28", 15)]
    [TestCase("2008-02-29", "2024-02-29", 16)]
    [TestCase("2008-02-29", "2025-02-28", 16)]
    [TestCase("2008-02-29", "2025-03-01", 17)]
    public void Completed_years(string born, string on, int years) =>
        Assert.That(Age.InYears(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(years));
}

public sealed class VitalSignRangeTests
{
    private static readonly VitalSigns Normal = new(16, 97, false, 124, 78, 72, 36.8m, Consciousness.Alert);

    [TestCase("respiratoryRate", 0, true)]
    [TestCase("respiratoryRate", 80, true)]
    [TestCase("respiratoryRate", -1, false)]
    [TestCase("respiratoryRate", 81, false)]
    [TestCase("spo2", 50, true)]
    [TestCase("spo2", 100, true)]
    [TestCase("spo2", 49, false)]
    [TestCase("spo2", 101, false)]
    [TestCase("systolicBp", 300, true)]
    [TestCase("systolicBp", 301, false)]
    [TestCase("systolicBp", 79, true)]
    [TestCase("heartRate", 20, true)]
    [TestCase("heartRate", 300, true)]
    [TestCase("heartRate", 19, false)]
    [TestCase("heartRate", 301, false)]
    [TestCase("diastolicBp", 20, true)]
    [TestCase("diastolicBp", 19, false)]
    public void Integer_limits(string field, int value, bool accepted)
    {
        var vitals = field switch
        {
            "respiratoryRate" => Normal with { RespiratoryRate = value },
            "spo2" => Normal with { SpO2 = value },
            "systolicBp" => Normal with { SystolicBp = value },
            "heartRate" => Normal with { HeartRate = value },
            _ => Normal with { DiastolicBp = value },
        };
        var violations = VitalSignRanges.Check(vitals);
        Assert.That(violations.Select(v => v.Field), accepted ? Does.Not.Contain(field) : Does.Contain(field));
    }

    [TestCase(40, 20, true)]
    [TestCase(39, 20, false)]
    public void Systolic_lower_limit(int systolic, int diastolic, bool accepted) =>
        Assert.That(VitalSignRanges.Check(Normal with { SystolicBp = systolic, DiastolicBp = diastolic }).Any(v => v.Field == "systolicBp"), Is.EqualTo(!accepted));

    [TestCase("25.0", true)]
    [TestCase("45.0", true)]
    [TestCase("24.9", false)]
    [TestCase("45.1", false)]
    public void Temperature_limits(string celsius, bool accepted)
    {
        var violations = VitalSignRanges.Check(Normal with { TemperatureC = decimal.Parse(celsius, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.That(violations.Any(v => v.Field == "temperatureC"), Is.EqualTo(!accepted));
    }

    [Test]
    public void Diastolic_must_be_below_systolic()
    {
        var violations = VitalSignRanges.Check(Normal with { SystolicBp = 100, DiastolicBp = 100 });
        Assert.That(violations.Single().Field, Is.EqualTo("diastolicBp"));
    }

    [Test]
    public void Message_names_the_limits_and_the_value() =>
        Assert.That(VitalSignRanges.Check(Normal with { SpO2 = 140 }).Single().Message, Is.EqualTo("SpO2 must be between 50 and 100 %; 140 was entered."));
}

public sealed class PossWordsTests
{
    [Test]
    public void Every_level_has_words_and_exactly_the_unacceptable_ones_ask_for_action() =>
        Assert.Multiple(() =>
        {
            foreach (var level in Enum.GetValues<PossLevel>())
            {
                Assert.That(Poss.Words(level), Is.Not.Empty);
                Assert.That(Poss.Action(level) is null, Is.EqualTo(Poss.IsAcceptable(level)), $"POSS {Poss.Code(level)}");
            }
            Assert.That(Enum.GetValues<Consciousness>().Select(Acvpu.Words), Is.Unique);
        });
}
