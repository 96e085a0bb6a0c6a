namespace Monitoring.Clinical.Tests;

public sealed class AlertKindsTests
{
    private static IEnumerable<string> EveryCode() =>
        typeof(AlertCodes).GetFields().Select(field => (string)field.GetValue(null)!)
            .Concat(AssessmentScales.All.SelectMany(scale => scale.Codes)).Distinct();

    [TestCaseSource(nameof(EveryCode))]
    public void Every_code_has_words_of_its_own(string code)
    {
        var kind = AlertKinds.Find(code);
        Assert.That(kind, Is.Not.Null, "a code without words would reach the nurse as its code");
        Assert.That(kind!.Name, Is.Not.EqualTo(code));
        Assert.That(AlertKinds.All.Count(k => k.Code == code), Is.EqualTo(1));
    }

    [Test]
    public void The_order_is_total_and_breathing_comes_first()
    {
        Assert.That(AlertKinds.All.Select(kind => kind.Rank), Is.Unique.And.Ordered);
        Assert.That(AlertKinds.All.Select(kind => kind.Name), Is.Unique);
        Assert.That(AlertKinds.All[0].Code, Is.EqualTo(AlertCodes.RespiratoryDepression));
        Assert.That(Rank(AlertCodes.RespiratoryDepression), Is.LessThan(Rank(AlertCodes.Oversedation)));
        Assert.That(Rank(AlertCodes.Oversedation), Is.LessThan(Rank(AlertCodes.Hypoxaemia)));
        Assert.That(Rank(AlertCodes.Hypoxaemia), Is.LessThan(Rank(AlertCodes.News2High)));
        Assert.That(Rank(AlertCodes.ObservationsOverdue), Is.EqualTo(AlertKinds.All[^1].Rank));
    }

    private static int Rank(string code) => AlertKinds.Find(code)!.Rank;
}
