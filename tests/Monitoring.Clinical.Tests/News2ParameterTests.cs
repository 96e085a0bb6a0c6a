namespace Monitoring.Clinical.Tests;

/// <summary>Every band edge of the RCP NEWS2 chart, from both sides.</summary>
public sealed class News2ParameterTests
{
    [TestCase(0, 3)]
    [TestCase(8, 3)]
    [TestCase(9, 1)]
    [TestCase(11, 1)]
    [TestCase(12, 0)]
    [TestCase(20, 0)]
    [TestCase(21, 2)]
    [TestCase(24, 2)]
    [TestCase(25, 3)]
    [TestCase(80, 3)]
    public void Respiration_rate(int rate, int score) => Assert.That(News2.RespirationRate(rate), Is.EqualTo(score));

    [TestCase(50, 3)]
    [TestCase(91, 3)]
    [TestCase(92, 2)]
    [TestCase(93, 2)]
    [TestCase(94, 1)]
    [TestCase(95, 1)]
    [TestCase(96, 0)]
    [TestCase(100, 0)]
    public void SpO2_scale_1_ignores_oxygen(int spo2, int score)
    {
        Assert.That(News2.SpO2(spo2, SpO2Scale.Scale1, onOxygen: false), Is.EqualTo(score));
        Assert.That(News2.SpO2(spo2, SpO2Scale.Scale1, onOxygen: true), Is.EqualTo(score));
    }

    [TestCase(50, false, 3)]
    [TestCase(83, false, 3)]
    [TestCase(84, false, 2)]
    [TestCase(85, false, 2)]
    [TestCase(86, false, 1)]
    [TestCase(87, false, 1)]
    [TestCase(88, false, 0)]
    [TestCase(92, false, 0)]
    [TestCase(88, true, 0)]
    [TestCase(92, true, 0)]
    [TestCase(93, false, 0)]
    [TestCase(100, false, 0)]
    [TestCase(93, true, 1)]
    [TestCase(94, true, 1)]
    [TestCase(95, true, 2)]
    [TestCase(96, true, 2)]
    [TestCase(97, true, 3)]
    [TestCase(100, true, 3)]
    [TestCase(83, true, 3)]
    [TestCase(84, true, 2)]
    [TestCase(87, true, 1)]
    public void SpO2_scale_2(int spo2, bool onOxygen, int score) => Assert.That(News2.SpO2(spo2, SpO2Scale.Scale2, onOxygen), Is.EqualTo(score));

    [TestCase(false, 0)]
    [TestCase(true, 2)]
    public void Air_or_oxygen(bool onOxygen, int score) => Assert.That(News2.AirOrOxygen(onOxygen), Is.EqualTo(score));

    [TestCase(40, 3)]
    [TestCase(90, 3)]
    [TestCase(91, 2)]
    [TestCase(100, 2)]
    [TestCase(101, 1)]
    [TestCase(110, 1)]
    [TestCase(111, 0)]
    [TestCase(219, 0)]
    [TestCase(220, 3)]
    [TestCase(300, 3)]
    public void Systolic_blood_pressure(int systolic, int score) => Assert.That(News2.SystolicBp(systolic), Is.EqualTo(score));

    [TestCase(20, 3)]
    [TestCase(40, 3)]
    [TestCase(41, 1)]
    [TestCase(50, 1)]
    [TestCase(51, 0)]
    [TestCase(90, 0)]
    [TestCase(91, 1)]
    [TestCase(110, 1)]
    [TestCase(111, 2)]
    [TestCase(130, 2)]
    [TestCase(131, 3)]
    [TestCase(300, 3)]
    public void Pulse(int pulse, int score) => Assert.That(News2.Pulse(pulse), Is.EqualTo(score));

    [TestCase(Consciousness.Alert, 0)]
    [TestCase(Consciousness.Confusion, 3)]
    [TestCase(Consciousness.Voice, 3)]
    [TestCase(Consciousness.Pain, 3)]
    [TestCase(Consciousness.Unresponsive, 3)]
    public void Consciousness_scores(Consciousness level, int score) => Assert.That(News2.ConsciousnessScore(level), Is.EqualTo(score));

    [TestCase("25.0", 3)]
    [TestCase("35.0", 3)]
    [TestCase("35.04", 3)]
    [TestCase("35.05", 1)]
    [TestCase("35.1", 1)]
    [TestCase("36.0", 1)]
    [TestCase("36.04", 1)]
    [TestCase("36.05", 0)]
    [TestCase("36.1", 0)]
    [TestCase("38.0", 0)]
    [TestCase("38.04", 0)]
    [TestCase("38.05", 1)]
    [TestCase("38.1", 1)]
    [TestCase("39.0", 1)]
    [TestCase("39.04", 1)]
    [TestCase("39.05", 2)]
    [TestCase("39.1", 2)]
    [TestCase("45.0", 2)]
    public void Temperature_rounds_to_one_decimal_half_away_from_zero(string celsius, int score) =>
        Assert.That(News2.Temperature(decimal.Parse(celsius, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(score));
}
