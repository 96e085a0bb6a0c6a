using static Monitoring.Clinical.Tests.Doses.DoseTestData;

namespace Monitoring.Clinical.Tests.Doses;

public sealed class DoseRulesTests
{
    private static Finding? TooEarly(DoseGiven dose, IReadOnlyList<SubstanceUse> substances, Assessment? cows, params DoseGiven[] earlier) =>
        DoseRules.BuprenorphineTooEarly(dose, earlier, substances, cows, Settings, Utc);

    private static readonly Assessment CowsTen = new(Minutes(-30), 10);

    // 12 h after heroin, fentanyl or "opioid"; 72 h after methadone: one minute short fires, on time does not.
    [TestCase("heroin", 12 * 60 - 1, true)]
    [TestCase("heroin", 12 * 60, false)]
    [TestCase("opioid", 12 * 60 - 1, true)]
    [TestCase("oxycodone", 12 * 60, false)]
    [TestCase("fentanyl", 24 * 60 - 1, true)]
    [TestCase("fentanyl", 24 * 60, false)]
    [TestCase("methadone", 72 * 60 - 1, true)]
    [TestCase("methadone", 72 * 60, false)]
    public void Buprenorphine_too_early_after_last_use(string substance, int minutesSinceUse, bool fires)
    {
        var finding = TooEarly(Dose("buprenorphine", 4, T0), [new SubstanceUse(substance, T0.AddMinutes(-minutesSinceUse))], CowsTen);
        Assert.That(finding is { Code: AlertCodes.BuprenorphineTooEarly, Priority: AlertPriority.Medium }, Is.EqualTo(fires), finding?.Reason);
        if (fires)
        {
            Assert.That(finding!.Reason, Does.Contain($"last {substance} use").And.Contain("precipitated withdrawal").And.Contain("at 14:00 UTC"));
        }
    }

    [TestCase(7, true)]
    [TestCase(8, false)]
    public void Buprenorphine_too_early_with_last_cows_below_threshold(int cows, bool fires)
    {
        var finding = TooEarly(Dose("buprenorphine", 4, T0), [new SubstanceUse("heroin", Minutes(-13 * 60))], new Assessment(Minutes(-20), cows));
        Assert.That(finding is not null, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(finding!.Reason, Does.Contain($"last COWS {cows} at 13:40 UTC (below 8)"));
        }
    }

    [Test]
    public void Induction_threshold_is_a_ward_setting_for_the_too_early_rule()
    {
        var settings = Settings.With(CowsScale.InductionThreshold, 12);
        SubstanceUse[] waited = [new("heroin", Minutes(-13 * 60))];
        Assert.That(DoseRules.BuprenorphineTooEarly(Dose("buprenorphine", 4, T0), [], waited, new Assessment(Minutes(-5), 11), settings, Utc), Is.Not.Null);
        Assert.That(DoseRules.BuprenorphineTooEarly(Dose("buprenorphine", 4, T0), [], waited, new Assessment(Minutes(-5), 12), settings, Utc), Is.Null);
    }

    [Test]
    public void Buprenorphine_too_early_without_any_cows() =>
        Assert.That(TooEarly(Dose("buprenorphine-naloxone", 4, T0), ["heroin"], null)!.Reason, Does.Contain("no COWS charted before it"));

    [Test]
    public void Only_the_first_buprenorphine_dose_is_judged() =>
        Assert.That(TooEarly(Dose("buprenorphine", 4, T0), ["heroin"], null, Dose("buprenorphine", 2, Minutes(-90))), Is.Null);

    [Test]
    public void Not_an_induction_when_already_on_buprenorphine_or_on_no_full_agonist()
    {
        Assert.That(TooEarly(Dose("buprenorphine", 8, T0), ["heroin", "buprenorphine"], null), Is.Null);
        Assert.That(TooEarly(Dose("buprenorphine", 8, T0), ["alcohol"], null), Is.Null);
    }

    [Test]
    public void Other_drugs_are_never_too_early() => Assert.That(TooEarly(Dose("methadone", 30, T0), ["heroin"], null), Is.Null);

    [Test]
    public void Induction_threshold_stops_once_induction_has_begun()
    {
        var findings = CowsRules.Evaluate(new Assessment(T0, 10), [], true, Settings);
        Assert.That(findings.Select(f => f.Code), Has.Member(AlertCodes.InductionThreshold));
        Assert.That(DoseRules.AfterInduction(findings, [Dose("buprenorphine", 4, T0)], T0).Select(f => f.Code), Has.No.Member(AlertCodes.InductionThreshold));
        Assert.That(DoseRules.AfterInduction(findings, [Dose("buprenorphine", 4, Minutes(1))], T0).Select(f => f.Code), Has.Member(AlertCodes.InductionThreshold));
        Assert.That(DoseRules.AfterInduction(findings, [Dose("methadone", 30, Minutes(-60))], T0).Select(f => f.Code), Has.Member(AlertCodes.InductionThreshold));
    }

    // Within 2 h after the first dose (to the minute), a rise of 6 over the last COWS before it.
    [TestCase(1, 6, true)]
    [TestCase(120, 6, true)]
    [TestCase(121, 6, false)]
    [TestCase(60, 5, false)]
    [TestCase(0, 6, false)]
    public void Precipitated_withdrawal(int minutesAfterDose, int rise, bool fires)
    {
        var before = new Assessment(Minutes(-30), 9);
        var latest = new Assessment(Minutes(minutesAfterDose), 9 + rise);
        var finding = DoseRules.PrecipitatedWithdrawal(latest, [before], [Dose("buprenorphine", 4, T0)], Settings, Utc);
        Assert.That(finding is { Code: AlertCodes.PrecipitatedWithdrawal, Priority: AlertPriority.High }, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(finding!.Reason, Does.Contain($"from 9 to {9 + rise}").And.Contain("buprenorphine 4 mg SL at 14:00 UTC"));
        }
    }

    [Test]
    public void Precipitated_withdrawal_compares_with_the_last_cows_before_the_dose_not_the_lowest()
    {
        var cows = new[] { new Assessment(Minutes(-180), 2), new Assessment(Minutes(-10), 10) };
        Assert.That(DoseRules.PrecipitatedWithdrawal(new Assessment(Minutes(60), 15), cows, [Dose("buprenorphine", 4, T0)], Settings, Utc), Is.Null);
        Assert.That(DoseRules.PrecipitatedWithdrawal(new Assessment(Minutes(60), 16), cows, [Dose("buprenorphine", 4, T0)], Settings, Utc), Is.Not.Null);
    }

    [Test]
    public void Precipitated_withdrawal_needs_a_cows_before_the_dose_and_a_buprenorphine_dose()
    {
        Assert.That(DoseRules.PrecipitatedWithdrawal(new Assessment(Minutes(60), 30), [], [Dose("buprenorphine", 4, T0)], Settings, Utc), Is.Null);
        Assert.That(DoseRules.PrecipitatedWithdrawal(new Assessment(Minutes(60), 30), [new Assessment(Minutes(-5), 5)], [Dose("methadone", 30, T0)], Settings, Utc), Is.Null);
    }

    [Test]
    public void Precipitated_withdrawal_window_and_rise_are_ward_settings()
    {
        var settings = (Settings with { PrecipitatedWithdrawalWindowMinutes = 180 }).With(CowsScale.PrecipitatedRise, 4);
        var finding = DoseRules.PrecipitatedWithdrawal(new Assessment(Minutes(180), 13), [new Assessment(Minutes(-5), 9)], [Dose("buprenorphine", 4, T0)], settings, Utc);
        Assert.That(finding, Is.Not.Null);
    }

    [Test]
    public void Naloxone_given_is_high_and_says_when_and_how_long_the_watch_lasts()
    {
        var finding = DoseRules.NaloxoneGiven(Dose("naloxone", 0.4m, Minutes(2), "IM"), [], ["heroin"], Settings, Utc)!;
        Assert.That(finding.Code, Is.EqualTo(AlertCodes.NaloxoneGiven));
        Assert.That(finding.Priority, Is.EqualTo(AlertPriority.High));
        Assert.That(finding.Reason, Does.StartWith("Opioid toxicity treated at 14:02 UTC").And.Contain("physician review").And.Contain("until 16:02 UTC"));
        Assert.That(DoseRules.NaloxoneGiven(Dose("methadone", 30, T0), [], ["heroin"], Settings, Utc), Is.Null);
    }

    // 2 h after the last naloxone; 6 h when methadone is a substance or was given within 24 h before it.
    [TestCase(120, false, null, true)]
    [TestCase(121, false, null, false)]
    [TestCase(360, true, null, true)]
    [TestCase(361, true, null, false)]
    [TestCase(360, false, 24 * 60, true)]
    [TestCase(121, false, 24 * 60 + 1, false)]
    public void Resedation_watch_length(int minutesAfter, bool methadoneSubstance, int? methadoneMinutesBefore, bool inWatch)
    {
        var doses = new List<DoseGiven> { Dose("naloxone", 0.4m, T0) };
        if (methadoneMinutesBefore is { } before)
        {
            doses.Add(Dose("methadone", 40, Minutes(-before)));
        }
        SubstanceUse[] substances = methadoneSubstance ? ["methadone"] : ["heroin"];
        Assert.That(DoseRules.Watch(doses, substances, Minutes(minutesAfter), Settings) is not null, Is.EqualTo(inWatch));
    }

    [Test]
    public void The_watch_runs_from_the_last_naloxone_dose()
    {
        var doses = new[] { Dose("naloxone", 0.4m, T0), Dose("naloxone", 0.4m, Minutes(90)) };
        Assert.That(DoseRules.Watch(doses, ["heroin"], Minutes(200), Settings)!.Until, Is.EqualTo(Minutes(210)));
        Assert.That(DoseRules.Watch(doses, ["heroin"], Minutes(-1), Settings), Is.Null);
    }

    private static readonly Finding Depression = new(AlertCodes.RespiratoryDepression, AlertPriority.High, "Respiratory rate 7/min (≤ 8).");
    private static readonly Finding Sedation = new(AlertCodes.Oversedation, AlertPriority.Medium, "Oversedation: POSS 3 (frequently drowsy).");
    private static readonly Finding News2 = new(AlertCodes.News2Medium, AlertPriority.Medium, "NEWS2 5 (5-6): urgent response.");

    [TestCase(120, AlertPriority.High)]
    [TestCase(121, AlertPriority.Medium)]
    public void Oversedation_is_high_during_the_watch(int minutesAfterNaloxone, AlertPriority priority)
    {
        var findings = DoseRules.OnVitalsFindings([Sedation, News2], [Dose("naloxone", 0.4m, T0)], ["heroin"], Minutes(minutesAfterNaloxone), Settings, Utc);
        Assert.That(findings.Single(f => f.Code == AlertCodes.Oversedation).Priority, Is.EqualTo(priority));
        Assert.That(findings.Single(f => f.Code == AlertCodes.News2Medium), Is.EqualTo(News2));
        if (priority == AlertPriority.High)
        {
            Assert.That(findings[0].Reason, Does.Contain("re-sedation watch after naloxone at 14:00 UTC"));
        }
    }

    // A sedating dose up to 4 h before the finding is named; 4 h 01 min before, or after it, is not.
    [TestCase("diazepam", -240, true)]
    [TestCase("diazepam", -241, false)]
    [TestCase("methadone", -30, true)]
    [TestCase("buprenorphine", 0, true)]
    [TestCase("diazepam", 1, false)]
    [TestCase("clonidine", -30, false)]
    [TestCase("naloxone", -30, false)]
    public void A_recent_sedating_dose_is_named_in_the_reason(string drug, int minutesBeforeObservation, bool named)
    {
        var dose = Dose(drug, Medications.Find(drug)!.MinimumMg, T0.AddMinutes(minutesBeforeObservation));
        var findings = DoseRules.OnVitalsFindings([Depression, Sedation, News2], [dose], ["heroin"], T0, Settings, Utc);
        Assert.That(findings[0].Reason.Contains(dose.Describe(Utc), StringComparison.Ordinal), Is.EqualTo(named), findings[0].Reason);
        Assert.That(findings[1].Reason.Contains(dose.Describe(Utc), StringComparison.Ordinal), Is.EqualTo(named));
        Assert.That(findings[2].Reason, Is.EqualTo(News2.Reason));
    }

    [Test]
    public void Sedating_dose_names_read_like_a_chart() =>
        Assert.That(DoseRules.OnVitalsFindings([Depression], [Dose("diazepam", 20, Minutes(-50), "PO")], ["alcohol"], T0, Settings, Utc)[0].Reason,
            Does.Contain("Sedating dose in the last 4 h: diazepam 20 mg PO at 13:10 UTC."));

    // Rule 19: a full agonist within the watch (2 h after short-acting use, boundary inclusive) raises agonist-during-watch.
    [TestCase("methadone", 60, true)]
    [TestCase("methadone", 120, true)]
    [TestCase("methadone", 121, false)]
    [TestCase("buprenorphine", 60, false)]
    [TestCase("diazepam", 60, false)]
    public void A_full_agonist_during_the_watch_is_medium(string drug, int minutesAfterNaloxone, bool fires)
    {
        var naloxone = Dose("naloxone", 0.4m, T0);
        var dose = Dose(drug, Medications.Find(drug)!.MinimumMg, Minutes(minutesAfterNaloxone));
        var finding = DoseRules.AgonistDuringWatch(dose, [naloxone, dose], ["heroin"], Settings, Utc);
        Assert.That(finding is not null, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(finding!.Code, Is.EqualTo(AlertCodes.AgonistDuringWatch));
            Assert.That(finding.Priority, Is.EqualTo(AlertPriority.Medium));
            Assert.That(finding.Reason, Does.Contain("during the re-sedation watch after naloxone at 14:00 UTC"));
        }
    }

    [TestCase(null, true)]
    [TestCase(-13 * 60, false)]
    public void A_first_buprenorphine_with_last_use_unknown_asks_to_confirm_the_wait(int? lastUseMinutes, bool fires)
    {
        var use = new SubstanceUse("heroin", lastUseMinutes is { } m ? Minutes(m) : null);
        var dose = Dose("buprenorphine", 4, T0);
        var finding = DoseRules.BuprenorphineTooEarly(dose, [dose], [use], new Assessment(Minutes(-10), 12), Settings, Utc);
        Assert.That(finding is not null, Is.EqualTo(fires));
        if (fires)
        {
            Assert.That(finding!.Reason, Does.Contain("last heroin use unknown: confirm the wait (at least 12 h)"));
        }
    }

    // The action follows the drug that sedated: a benzodiazepine alone on a patient using no opioid is not a naloxone case.
    [TestCase("alcohol", "diazepam", true)]
    [TestCase("heroin", "diazepam", false)]
    [TestCase("alcohol", "methadone", false)]
    public void Benzodiazepine_sedation_asks_to_withhold_benzodiazepines(string substance, string drug, bool benzodiazepineWords)
    {
        var dose = Dose(drug, Medications.Find(drug)!.MinimumMg, Minutes(-30));
        Finding[] findings =
        [
            Depression with { Reason = $"Respiratory rate 7/min (≤ 8) with POSS 3: {VitalsRules.OpioidToxicityAction}." },
            Sedation with { Reason = $"Oversedation: POSS 3 (frequently drowsy): {VitalsRules.ReduceOpioidAction}." },
        ];
        var reasons = DoseRules.OnVitalsFindings(findings, [dose], [substance], T0, Settings, Utc).Select(f => f.Reason).ToList();
        Assert.That(reasons, benzodiazepineWords
            ? Has.All.Contain(DoseRules.BenzodiazepineAction).And.None.Contain("naloxone")
            : Has.None.Contain(DoseRules.BenzodiazepineAction));
    }

    // An alpha-2 agonist after SBP < 90 or HR < 55 in the last vitals within 4 h.
    [TestCase(89, 70, 60, true)]
    [TestCase(90, 70, 60, false)]
    [TestCase(120, 54, 60, true)]
    [TestCase(120, 55, 60, false)]
    [TestCase(85, 50, 240, true)]
    [TestCase(85, 50, 241, false)]
    public void Hypotension_risk(int sbp, int hr, int vitalsMinutesBefore, bool fires)
    {
        var vitals = new VitalsAt(Minutes(-vitalsMinutesBefore), sbp, hr);
        foreach (var drug in new[] { "clonidine", "lofexidine" })
        {
            var finding = DoseRules.HypotensionRisk(Dose(drug, Medications.Find(drug)!.MinimumMg, T0), vitals, Settings, Utc);
            Assert.That(finding is { Code: AlertCodes.HypotensionRisk, Priority: AlertPriority.Medium }, Is.EqualTo(fires), drug);
        }
    }

    [Test]
    public void Hypotension_risk_only_for_alpha_2_agonists_and_only_with_vitals()
    {
        Assert.That(DoseRules.HypotensionRisk(Dose("methadone", 30, T0), new VitalsAt(Minutes(-10), 80, 40), Settings, Utc), Is.Null);
        Assert.That(DoseRules.HypotensionRisk(Dose("clonidine", 0.1m, T0), null, Settings, Utc), Is.Null);
        Assert.That(DoseRules.HypotensionRisk(Dose("clonidine", 0.1m, T0), new VitalsAt(Minutes(10), 80, 40), Settings, Utc), Is.Null);
        Assert.That(DoseRules.HypotensionRisk(Dose("clonidine", 0.1m, T0), new VitalsAt(Minutes(-10), 86, null), Settings, Utc)!.Reason,
            Does.Contain("systolic BP 86 mmHg (below 90) at 13:50 UTC"));
    }

    [Test]
    public void On_dose_collects_every_rule_that_fired()
    {
        var findings = DoseRules.OnDose(Dose("naloxone", 0.4m, T0), [], ["heroin"], null, null, Settings, Utc);
        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { AlertCodes.NaloxoneGiven }));
    }

    [Test]
    public void Dose_settings_refuse_values_that_silence_a_rule()
    {
        Assert.That(WardSettings.Default.Validate(), Is.Empty);
        Assert.That((WardSettings.Default with { NaloxoneWatchHours = 0 }).Validate().Keys, Has.Member("naloxoneWatchHours"));
        Assert.That((WardSettings.Default with { NaloxoneWatchLongActingHours = 1 }).Validate().Keys, Has.Member("naloxoneWatchLongActingHours"));
        Assert.That(WardSettings.Default.With(CowsScale.PrecipitatedRise, 49).Validate().Keys, Has.Member("precipitatedWithdrawalRise"));
        Assert.That((WardSettings.Default with { HypotensionSystolicBelow = 40 }).Validate().Keys, Has.Member("hypotensionSystolicBelow"));
    }
}
