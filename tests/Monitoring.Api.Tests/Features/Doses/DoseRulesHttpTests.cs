using static Monitoring.Api.Tests.Features.Doses.DoseClinic;

namespace Monitoring.Api.Tests.Features.Doses;

/// <summary>Each dose rule through HTTP, on the in-process service with a clock the test moves.</summary>
[NonParallelizable]
public sealed class DoseRulesHttpTests
{
    private DoseClinic _clinic = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _clinic = await DoseClinic.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _clinic.DisposeAsync();

    [Test]
    public async Task Buprenorphine_too_early_after_recent_heroin_and_not_after_twelve_hours()
    {
        var early = await _clinic.AdmitAsync(Use("heroin", _clinic.Now.AddHours(-6)));
        var ready = await _clinic.AdmitAsync(Use("heroin", _clinic.Now.AddHours(-13)));
        await _clinic.CowsAsync(early, 10);
        await _clinic.CowsAsync(ready, 10);
        _clinic.Advance(TimeSpan.FromMinutes(5));

        var tooEarly = await _clinic.DoseAsync(early, "buprenorphine", 4, "SL");
        var onTime = await _clinic.DoseAsync(ready, "buprenorphine-naloxone", 8, "SL");

        var alert = tooEarly["alerts"]!.AsArray().Single()!;
        Assert.That((string?)alert["code"], Is.EqualTo("buprenorphine-too-early"));
        Assert.That((string?)alert["priority"], Is.EqualTo("medium"));
        Assert.That((string?)alert["reason"], Does.Contain("last heroin use 6 h 05 min before (wait at least 12 h)").And.Contain("precipitated withdrawal"));
        Assert.That(Codes(onTime), Is.Empty);
        Assert.That(onTime["checksDue"]!.AsArray().Select(c => (string?)c!["kind"]), Is.EqualTo(new[] { "cows" }));
    }

    [Test]
    public async Task Buprenorphine_too_early_when_the_last_cows_is_below_the_induction_threshold()
    {
        var admission = await _clinic.AdmitAsync("opioid");
        await _clinic.CowsAsync(admission, 7);
        _clinic.Advance(TimeSpan.FromMinutes(5));
        var dose = await _clinic.DoseAsync(admission, "buprenorphine", 2, "SL");
        Assert.That((string?)dose["alerts"]![0]!["reason"], Does.Contain("last COWS 7").And.Contain("(below 8)"));
    }

    [Test]
    public async Task Induction_threshold_stops_once_induction_began_and_a_rise_of_six_within_two_hours_is_precipitated_withdrawal()
    {
        var admission = await _clinic.AdmitAsync(Use("heroin", _clinic.Now.AddHours(-14)));
        var before = await _clinic.CowsAsync(admission, 9);
        Assert.That(Codes(before), Has.Member("induction-threshold"));
        _clinic.Advance(TimeSpan.FromMinutes(10));
        await _clinic.DoseAsync(admission, "buprenorphine", 4, "SL");

        _clinic.Advance(TimeSpan.FromMinutes(50));
        var fivePoints = await _clinic.CowsAsync(admission, 14);
        Assert.That(Codes(fivePoints), Has.No.Member("induction-threshold").And.No.Member("precipitated-withdrawal"));

        _clinic.Advance(TimeSpan.FromMinutes(60));
        var sixPoints = await _clinic.CowsAsync(admission, 15);
        var alert = sixPoints["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "precipitated-withdrawal")!;
        Assert.That((string?)alert["priority"], Is.EqualTo("high"));
        Assert.That((string?)alert["reason"], Does.Contain("COWS rose from 9 to 15 (+6) 1 h 50 min after the first buprenorphine"));
        Assert.That(Codes(sixPoints), Has.No.Member("induction-threshold"));

        _clinic.Advance(TimeSpan.FromMinutes(11));
        var afterWindow = await _clinic.CowsAsync(admission, 20);
        Assert.That(afterWindow["alerts"]!.AsArray().Where(a => (string?)a!["code"] == "precipitated-withdrawal"), Is.Empty);
    }

    [Test]
    public async Task Naloxone_given_is_high_and_respiratory_findings_are_high_during_the_watch()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        var naloxone = await _clinic.DoseAsync(admission, "naloxone", 400, "IM", "mcg");
        var alert = naloxone["alerts"]!.AsArray().Single()!;
        Assert.That((string?)alert["code"], Is.EqualTo("naloxone-given"));
        Assert.That((string?)alert["priority"], Is.EqualTo("high"));
        Assert.That((string?)alert["reason"], Does.StartWith("Opioid toxicity treated at").And.Contain("physician review"));

        _clinic.Advance(TimeSpan.FromMinutes(30));
        var drowsy = await _clinic.VitalsAsync(admission, rate: 14, sedation: "3");
        var oversedation = drowsy["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "oversedation")!;
        Assert.That((string?)oversedation["priority"], Is.EqualTo("high"));
        Assert.That((string?)oversedation["reason"], Does.Contain("re-sedation watch after naloxone"));
    }

    [Test]
    public async Task Outside_a_watch_poss_three_stays_medium()
    {
        var admission = await _clinic.AdmitAsync("heroin");
        await _clinic.DoseAsync(admission, "naloxone", 0.4m, "IM");
        _clinic.Advance(TimeSpan.FromMinutes(121));
        var drowsy = await _clinic.VitalsAsync(admission, rate: 14, sedation: "3");
        Assert.That((string?)drowsy["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "oversedation")!["priority"], Is.EqualTo("medium"));
    }

    [Test]
    public async Task A_recent_sedating_dose_is_named_in_the_respiratory_depression_reason()
    {
        var admission = await _clinic.AdmitAsync("alcohol");
        await _clinic.DoseAsync(admission, "diazepam", 20, "PO");
        _clinic.Advance(TimeSpan.FromMinutes(50));
        var vitals = await _clinic.VitalsAsync(admission, rate: 7, sedation: "3");
        var depression = vitals["alerts"]!.AsArray().Single(a => (string?)a!["code"] == "respiratory-depression")!;
        Assert.That((string?)depression["reason"], Does.Contain("Sedating dose in the last 4 h: diazepam 20 mg PO at"));
    }

    [Test]
    public async Task Hypotension_risk_for_clonidine_after_low_systolic_pressure_and_not_after_normal()
    {
        var low = await _clinic.AdmitAsync("heroin");
        var normal = await _clinic.AdmitAsync("heroin");
        await _clinic.VitalsAsync(low, systolic: 86);
        await _clinic.VitalsAsync(normal, systolic: 90, heartRate: 55);
        _clinic.Advance(TimeSpan.FromMinutes(30));

        var risky = await _clinic.DoseAsync(low, "clonidine", 0.1m, "PO");
        var fine = await _clinic.DoseAsync(normal, "lofexidine", 0.2m, "PO");

        var alert = risky["alerts"]!.AsArray().Single()!;
        Assert.That((string?)alert["code"], Is.EqualTo("hypotension-risk"));
        Assert.That((string?)alert["priority"], Is.EqualTo("medium"));
        Assert.That((string?)alert["reason"], Does.Contain("systolic BP 86 mmHg (below 90)"));
        Assert.That(Codes(fine), Is.Empty);
    }
}
