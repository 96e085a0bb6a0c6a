using static Monitoring.Clinical.Tests.Doses.DoseTestData;

namespace Monitoring.Clinical.Tests.Doses;

public sealed class DoseScheduleTests
{
    private static IReadOnlyList<CheckDue> Outstanding(DoseGiven[] doses, DateTimeOffset[]? possRr = null, DateTimeOffset[]? cows = null, SubstanceUse[]? substances = null) =>
        DoseSchedule.Outstanding(doses, substances ?? ["heroin"], possRr ?? [], cows ?? [], Settings, Utc);

    [TestCase("methadone", 120)]
    [TestCase("diazepam", 60)]
    [TestCase("chlordiazepoxide", 60)]
    [TestCase("lorazepam", 60)]
    [TestCase("oxazepam", 60)]
    public void Post_dose_poss_and_rr_check(string drug, int minutes)
    {
        var check = Outstanding([Dose(drug, Medications.Find(drug)!.MinimumMg, T0)]).Single();
        Assert.That(check.Kind, Is.EqualTo(DoseSchedule.PossRr));
        Assert.That(check.DueAt, Is.EqualTo(Minutes(minutes)));
        Assert.That(check.Basis, Does.Contain($"after {drug}"));
    }

    [TestCase("naloxone")]
    [TestCase("clonidine")]
    [TestCase("lofexidine")]
    public void No_post_dose_check_for_drugs_that_do_not_sedate(string drug) =>
        Assert.That(Outstanding([Dose(drug, Medications.Find(drug)!.MinimumMg, T0)]).Where(c => c.Kind == DoseSchedule.PossRr), Is.Empty);

    // A check charted from 15 min before due counts; earlier, or before the dose, does not.
    [TestCase(105, true)]
    [TestCase(104, false)]
    [TestCase(180, true)]
    public void A_post_dose_check_is_done_by_poss_and_rr_charted_near_or_after_due(int chartedMinutes, bool done) =>
        Assert.That(Outstanding([Dose("methadone", 40, T0)], possRr: [Minutes(chartedMinutes)]).Any(), Is.EqualTo(!done));

    [Test]
    public void A_check_before_the_dose_never_counts()
    {
        var settings = Settings with { DoseCheckEarlyMinutes = 60 };
        var checks = DoseSchedule.Outstanding([Dose("diazepam", 10, T0)], ["alcohol"], [Minutes(-1), T0], [], settings, Utc);
        Assert.That(checks, Has.Count.EqualTo(1));
    }

    [TestCase(45, true)]
    [TestCase(44, false)]
    public void Cows_is_due_an_hour_after_the_first_buprenorphine(int cowsMinutes, bool done)
    {
        var doses = new[] { Dose("buprenorphine", 4, T0), Dose("buprenorphine", 4, Minutes(100)) };
        var checks = Outstanding(doses, cows: [Minutes(cowsMinutes)]).Where(c => c.Kind == CowsScale.Instance.Kind).ToList();
        Assert.That(checks.Count == 0, Is.EqualTo(done));
        if (!done)
        {
            Assert.That(checks.Single().DueAt, Is.EqualTo(Minutes(60)));
            Assert.That(checks.Single().DoseId, Is.EqualTo(doses[0].Id));
        }
    }

    [Test]
    public void Watch_vitals_every_fifteen_minutes_for_two_hours_after_the_last_naloxone()
    {
        var naloxone = Dose("naloxone", 0.4m, T0);
        Assert.That(Outstanding([naloxone]).Single().DueAt, Is.EqualTo(Minutes(15)));
        Assert.That(Outstanding([naloxone], possRr: [Minutes(14)]).Single().DueAt, Is.EqualTo(Minutes(29)));
        Assert.That(Outstanding([naloxone], possRr: [Minutes(105)]).Single().DueAt, Is.EqualTo(Minutes(120)));
        Assert.That(Outstanding([naloxone], possRr: [Minutes(106)]), Is.Empty);
        Assert.That(Outstanding([naloxone]).Single().Kind, Is.EqualTo(DoseSchedule.WatchVitals));
    }

    [Test]
    public void Watch_lasts_six_hours_with_methadone()
    {
        var doses = new[] { Dose("methadone", 60, Minutes(-600)), Dose("naloxone", 0.4m, T0) };
        var possRr = new[] { Minutes(-480), Minutes(345) };
        var watch = DoseSchedule.WatchCheck(doses, ["heroin"], possRr, Settings, Utc)!;
        Assert.That(watch.DueAt, Is.EqualTo(Minutes(360)));
        Assert.That(watch.Basis, Does.Contain("until 20:00 UTC"));
    }

    [Test]
    public void The_earliest_check_of_a_kind_is_what_the_schedule_takes()
    {
        var checks = Outstanding([Dose("methadone", 40, T0), Dose("naloxone", 0.4m, Minutes(30)), Dose("buprenorphine", 2, Minutes(200))]);
        Assert.That(DoseSchedule.Earliest(checks, DoseSchedule.PossRr, DoseSchedule.WatchVitals)!.DueAt, Is.EqualTo(Minutes(45)));
        Assert.That(DoseSchedule.Earliest(checks, CowsScale.Instance.Kind)!.DueAt, Is.EqualTo(Minutes(260)));
    }
}
