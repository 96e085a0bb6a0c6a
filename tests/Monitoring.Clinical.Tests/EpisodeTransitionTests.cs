namespace Monitoring.Clinical.Tests;

/// <summary>
/// The episode of every alert code, as a table: each (status of the open alert) x (what the new observation
/// shows against the alert's evidence) has one transition, the same for every code; during a re-sedation
/// watch respiratory depression and oversedation re-alarm on any finding.
/// </summary>
public sealed class EpisodeTransitionTests
{
    // status of the open alert | worse | same | milder | no longer fires (cleared)
    private const string Table = """
        none         | Raised      | Raised     | Raised     | Unchanged
        active       | Worsened    | SeenAgain  | SeenAgain  | Cleared
        acknowledged | Reactivated | SeenAgain  | SeenAgain  | Resolved
        cleared      | NewEpisode  | NewEpisode | NewEpisode | Unchanged
        """;

    private const string WatchTable = """
        none         | Raised      | Raised      | Raised      | Unchanged
        active       | Worsened    | Refreshed   | Refreshed   | Cleared
        acknowledged | Reactivated | Reactivated | Reactivated | Resolved
        cleared      | NewEpisode  | NewEpisode  | NewEpisode  | Unchanged
        """;

    private static readonly string[] Inputs = ["worse", "same", "milder", "cleared"];

    private static readonly string[] WatchCodes = [AlertCodes.RespiratoryDepression, AlertCodes.Oversedation];

    public static IEnumerable<TestCaseData> EveryCode() =>
        typeof(AlertCodes).GetFields().Select(field => (string)field.GetValue(null)!)
            .Concat(AssessmentScales.All.SelectMany(scale => scale.Codes)).Distinct()
            .SelectMany(code => Rows(Table).Select(row => new TestCaseData(code, false, row.Status, row.Input, row.Expected)))
            .Concat(WatchCodes.SelectMany(code => Rows(WatchTable).Select(row => new TestCaseData(code, true, row.Status, row.Input, row.Expected))));

    private static IEnumerable<(string Status, string Input, EpisodeTransition Expected)> Rows(string table) =>
        table.Split('\n').Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .SelectMany(cells => Inputs.Select((input, i) => (cells[0], input, Enum.Parse<EpisodeTransition>(cells[i + 1]))));

    [TestCaseSource(nameof(EveryCode))]
    public void Transition(string code, bool duringWatch, string status, string input, EpisodeTransition expected)
    {
        var evidence = Finding(code, rank: 4, duringWatch: false).Severity;
        var open = status switch
        {
            "none" => null,
            "active" => new OpenEpisode(EpisodeStatus.Active, evidence),
            "acknowledged" => new OpenEpisode(EpisodeStatus.Acknowledged, evidence, evidence),
            _ => new OpenEpisode(EpisodeStatus.Cleared, evidence),
        };
        var finding = input switch
        {
            "worse" => Finding(code, 6, duringWatch),
            "same" => Finding(code, 4, duringWatch),
            "milder" => Finding(code, 2, duringWatch),
            _ => null,
        };

        var step = Episodes.Next(open, finding, speaksForEvidence: true, late: false);

        Assert.That(step.Transition, Is.EqualTo(expected));
        Assert.That(step.Worsened, expected == EpisodeTransition.Reactivated && input == "worse" ? Is.EqualTo(new[] { "X 4 -> 6" }) : Is.Empty);
    }

    [TestCase("active")]
    [TestCase("acknowledged")]
    [TestCase("cleared")]
    public void A_set_that_did_not_chart_what_fired_the_alert_cannot_clear_it(string status)
    {
        var open = new OpenEpisode(Enum.Parse<EpisodeStatus>(status, ignoreCase: true), Finding(AlertCodes.RespiratoryDepression, 4, false).Severity);
        Assert.That(Episodes.Next(open, null, speaksForEvidence: false, late: false).Transition, Is.EqualTo(EpisodeTransition.Unchanged));
    }

    // A late entry is history: its silence clears nothing, a same or milder finding replaces nothing, a worse one still counts.
    [TestCase("active", "worse", EpisodeTransition.Worsened)]
    [TestCase("active", "same", EpisodeTransition.SeenLate)]
    [TestCase("active", "cleared", EpisodeTransition.Unchanged)]
    [TestCase("acknowledged", "worse", EpisodeTransition.Reactivated)]
    [TestCase("acknowledged", "milder", EpisodeTransition.SeenLate)]
    [TestCase("acknowledged", "cleared", EpisodeTransition.Unchanged)]
    [TestCase("cleared", "same", EpisodeTransition.SeenLate)]
    public void Late_entries(string status, string input, EpisodeTransition expected)
    {
        var evidence = Finding(AlertCodes.RespiratoryDepression, 4, false).Severity;
        var open = new OpenEpisode(Enum.Parse<EpisodeStatus>(status, ignoreCase: true), evidence, evidence);
        var finding = input switch
        {
            "worse" => Finding(AlertCodes.RespiratoryDepression, 6, duringWatch: true),
            "same" => Finding(AlertCodes.RespiratoryDepression, 4, duringWatch: true),
            "milder" => Finding(AlertCodes.RespiratoryDepression, 2, duringWatch: true),
            _ => null,
        };
        Assert.That(Episodes.Next(open, finding, speaksForEvidence: true, late: true).Transition, Is.EqualTo(expected));
    }

    [Test]
    public void Only_the_values_that_fired_the_evidence_must_be_charted_again()
    {
        var evidence = new Severity(AlertPriority.High, [SeverityParts.RespiratoryRate(6), SeverityParts.Sedation(PossLevel.AwakeAndAlert), SeverityParts.Consciousness(Consciousness.Alert)]);
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.SpeaksFor(evidence, new HashSet<string> { "RR" }), Is.True);
            Assert.That(Episodes.SpeaksFor(evidence, new HashSet<string> { "POSS", "consciousness" }), Is.False);
        });
    }

    [Test]
    public void A_temperature_only_set_cannot_clear_respiratory_depression_or_news2()
    {
        var partial = new VitalSigns(null, null, null, null, null, null, 37.0m, null);
        var charted = VitalsRules.Charted(new VitalsObservation(partial, null, News2.Score(partial, SpO2Scale.Scale1, 40, false), SpO2Scale.Scale1));
        var depression = new Severity(AlertPriority.High, [SeverityParts.RespiratoryRate(6)]);
        var news2 = new Severity(AlertPriority.High, [SeverityParts.News2Total(8)]);
        Assert.That(Episodes.SpeaksFor(depression, charted) || Episodes.SpeaksFor(news2, charted), Is.False);
    }

    private static Finding Finding(string code, int rank, bool duringWatch) =>
        new(code, AlertPriority.High, $"{code} at {rank}") { Parts = [new SeverityPart("X", rank, rank.ToString(System.Globalization.CultureInfo.InvariantCulture))], DuringWatch = duringWatch };
}
