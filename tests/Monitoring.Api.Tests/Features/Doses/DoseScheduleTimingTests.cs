using static Monitoring.Api.Tests.Features.Doses.DoseClinic;

namespace Monitoring.Api.Tests.Features.Doses;

/// <summary>The checks doses call for, overdue like any observation, with time moved by the test.</summary>
[NonParallelizable]
public sealed class DoseScheduleTimingTests
{
    private DoseClinic _clinic = null!;

    [SetUp]
    public async Task StartAsync() => _clinic = await DoseClinic.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _clinic.DisposeAsync();

    private async Task<string> SettledAsync(params object[] substances)
    {
        var admission = await _clinic.AdmitAsync(substances);
        await _clinic.VitalsAsync(admission);
        await _clinic.CowsAsync(admission, 2);
        return admission;
    }

    private async Task SweepAsync()
    {
        await _clinic.Service.SweepAsync();
        await _clinic.Service.SweepAsync();
    }

    [Test]
    public async Task Poss_and_rr_check_two_hours_after_methadone_is_overdue_fifteen_minutes_later()
    {
        var admission = await SettledAsync("heroin");
        await _clinic.DoseAsync(admission, "methadone", 30, "PO");

        _clinic.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);

        _clinic.Advance(TimeSpan.FromSeconds(1));
        await SweepAsync();
        var overdue = await _clinic.AlertAsync(admission, "observations-overdue");
        Assert.That((string?)overdue?["reason"], Does.Contain("POSS + RR 2 h after methadone 30 mg PO"));
        Assert.That((string?)overdue!["priority"], Is.EqualTo("medium"));

        await _clinic.VitalsAsync(admission, sedation: "2");
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);
        _clinic.Advance(TimeSpan.FromHours(1));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);
    }

    [Test]
    public async Task Poss_and_rr_check_an_hour_after_a_benzodiazepine_and_vitals_without_poss_do_not_count()
    {
        var admission = await SettledAsync("alcohol");
        await _clinic.DoseAsync(admission, "chlordiazepoxide", 20, "PO");
        _clinic.Advance(TimeSpan.FromMinutes(60));
        await _clinic.VitalsAsync(admission, sedation: null);

        _clinic.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);
        _clinic.Advance(TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That((string?)(await _clinic.AlertAsync(admission, "observations-overdue"))?["reason"], Does.Contain("1 h after chlordiazepoxide 20 mg PO"));
    }

    [Test]
    public async Task Cows_is_due_an_hour_after_the_first_buprenorphine()
    {
        var admission = await SettledAsync(Use("heroin", _clinic.Now.AddHours(-20)));
        await _clinic.CowsAsync(admission, 11);
        var dose = await _clinic.DoseAsync(admission, "buprenorphine", 4, "SL");
        Assert.That((DateTimeOffset)dose["checksDue"]![0]!["dueAt"]!, Is.EqualTo(_clinic.Now.AddHours(1)));

        _clinic.Advance(TimeSpan.FromMinutes(75) - TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);
        _clinic.Advance(TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That((string?)(await _clinic.AlertAsync(admission, "observations-overdue"))?["reason"], Does.StartWith("COWS due at").And.Contain("after the first buprenorphine"));
    }

    [Test]
    public async Task Naloxone_watch_wants_vitals_with_poss_every_fifteen_minutes_and_a_missed_one_is_high()
    {
        var admission = await SettledAsync("heroin");
        var naloxone = await _clinic.DoseAsync(admission, "naloxone", 0.4m, "IV");
        Assert.That((DateTimeOffset)naloxone["checksDue"]![0]!["dueAt"]!, Is.EqualTo(_clinic.Now.AddMinutes(15)));

        _clinic.Advance(TimeSpan.FromMinutes(14));
        await _clinic.VitalsAsync(admission, sedation: "2");
        _clinic.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);

        _clinic.Advance(TimeSpan.FromSeconds(1));
        await SweepAsync();
        var overdue = await _clinic.AlertAsync(admission, "observations-overdue");
        Assert.That((string?)overdue?["priority"], Is.EqualTo("high"));
        Assert.That((string?)overdue!["reason"], Does.Contain("re-sedation watch after naloxone 0.4 mg IV"));
    }

    [Test]
    public async Task The_watch_ends_two_hours_after_the_last_naloxone()
    {
        var admission = await SettledAsync("heroin");
        await _clinic.DoseAsync(admission, "naloxone", 0.4m, "IV");
        for (var check = 0; check < 8; check++)
        {
            _clinic.Advance(TimeSpan.FromMinutes(15));
            await _clinic.VitalsAsync(admission, sedation: "1");
            await SweepAsync();
            Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null, $"check {check + 1}");
        }
        // 2 h after the naloxone the watch is over: vitals are due by NEWS2 again (12 h), COWS 4-hourly.
        _clinic.Advance(TimeSpan.FromMinutes(90));
        await SweepAsync();
        Assert.That(await _clinic.AlertAsync(admission, "observations-overdue"), Is.Null);
    }

    [Test]
    public async Task Six_hour_watch_when_methadone_is_among_the_substances()
    {
        var admission = await SettledAsync("methadone");
        await _clinic.DoseAsync(admission, "naloxone", 0.4m, "IM");
        for (var check = 0; check < 9; check++)
        {
            _clinic.Advance(TimeSpan.FromMinutes(15));
            await _clinic.VitalsAsync(admission, sedation: "1");
        }
        // 2 h 15 min after the naloxone the watch still runs: the next check is 15 min away.
        _clinic.Advance(TimeSpan.FromMinutes(30));
        await SweepAsync();
        Assert.That((string?)(await _clinic.AlertAsync(admission, "observations-overdue"))?["reason"], Does.Contain("re-sedation watch"));
    }
}
