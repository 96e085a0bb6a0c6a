namespace Monitoring.Clinical;

/// <summary>The last vital signs before a dose, as the hypotension rule reads them.</summary>
public sealed record VitalsAt(DateTimeOffset ObservedAt, int? SystolicBp, int? HeartRate);

/// <summary>The re-sedation watch after naloxone: from the last naloxone dose until naloxone has worn off.</summary>
public sealed record ResedationWatch(DoseGiven LastNaloxone, DateTimeOffset Until, bool LongActing)
{
    public bool Covers(DateTimeOffset at) => at >= LastNaloxone.GivenAt && at <= Until;
}

/// <summary>
/// Rules on doses given: each reads the dose, the admission's other valid doses and observations,
/// and the ward's settings, and says why it fired. Times are passed in; nothing here reads a clock.
/// </summary>
public static class DoseRules
{
    /// <summary>On a dose as it is charted: the alerts the dose itself raises.</summary>
    public static IReadOnlyList<Finding> OnDose(DoseGiven dose, IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances,
        Assessment? lastInductionBefore, VitalsAt? lastVitalsBefore, WardSettings settings, TimeZoneInfo zone)
    {
        var findings = new List<Finding>();
        if (BuprenorphineTooEarly(dose, doses, substances, lastInductionBefore, settings, zone) is { } early)
        {
            findings.Add(early);
        }
        if (NaloxoneGiven(dose, doses, substances, settings, zone) is { } naloxone)
        {
            findings.Add(naloxone);
        }
        if (HypotensionRisk(dose, lastVitalsBefore, settings, zone) is { } hypotension)
        {
            findings.Add(hypotension);
        }
        if (AgonistDuringWatch(dose, doses, substances, settings, zone) is { } agonist)
        {
            findings.Add(agonist);
        }
        return findings;
    }

    /// <summary>A full opioid agonist while naloxone may be wearing off adds to the opioid that re-sedates.</summary>
    public static Finding? AgonistDuringWatch(DoseGiven dose, IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances, WardSettings settings, TimeZoneInfo zone)
    {
        if (dose.Class != DrugClass.FullOpioidAgonist || Watch(doses.Where(d => d.Id != dose.Id), substances, dose.GivenAt, settings) is not { } watch)
        {
            return null;
        }
        return new Finding(AlertCodes.AgonistDuringWatch, AlertPriority.Medium,
            $"{dose.Describe(zone)} given during the re-sedation watch after naloxone at {DoseText.Time(watch.LastNaloxone.GivenAt, zone)} (until {DoseText.Time(watch.Until, zone)}): "
            + "confirm with the prescriber, check POSS and RR every 15 min, keep naloxone at the bedside.");
    }

    public static DoseGiven? FirstBuprenorphine(IEnumerable<DoseGiven> doses) =>
        doses.Where(d => d.IsBuprenorphine).OrderBy(d => d.GivenAt).ThenBy(d => d.Id).FirstOrDefault();

    public static Finding? BuprenorphineTooEarly(DoseGiven dose, IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances,
        Assessment? lastInductionBefore, WardSettings settings, TimeZoneInfo zone)
    {
        if (!dose.IsBuprenorphine || FirstBuprenorphine(doses.Append(dose))?.Id != dose.Id)
        {
            return null;
        }
        // Someone already on buprenorphine is not being inducted; someone on no full agonist has nothing to displace.
        if (substances.Any(s => Substances.ActionOf(s.Substance) == OpioidAction.Buprenorphine) || !substances.Any(s => Substances.IsFullAgonist(s.Substance)))
        {
            return null;
        }
        var reasons = new List<string>();
        foreach (var use in substances.Where(s => Substances.IsFullAgonist(s.Substance)))
        {
            var wait = TimeSpan.FromHours(Substances.ActionOf(use.Substance) switch
            {
                OpioidAction.Fentanyl => settings.BuprenorphineWaitFentanylHours,
                OpioidAction.Methadone => settings.BuprenorphineWaitMethadoneHours,
                _ => settings.BuprenorphineWaitShortActingHours,
            });
            if (use.LastUseAt is null)
            {
                // Unknown is not "long enough": the wait cannot be shown to have passed.
                reasons.Add($"last {use.Substance} use unknown: confirm the wait (at least {wait.TotalHours:0} h)");
                continue;
            }
            var since = dose.GivenAt - use.LastUseAt.Value;
            if (since < wait)
            {
                reasons.Add($"last {use.Substance} use {DoseText.Duration(since)} before (wait at least {wait.TotalHours:0} h)");
            }
        }
        var scale = AssessmentScales.Induction;
        var threshold = settings.Get(scale.Induction!.Threshold);
        if (lastInductionBefore is null)
        {
            reasons.Add($"no {scale.Name} charted before it");
        }
        else if (lastInductionBefore.Total < threshold)
        {
            reasons.Add($"last {scale.Name} {lastInductionBefore.Total} at {DoseText.Time(lastInductionBefore.ObservedAt, zone)} (below {threshold})");
        }
        return reasons.Count == 0
            ? null
            : new Finding(AlertCodes.BuprenorphineTooEarly, AlertPriority.Medium,
                $"First buprenorphine dose ({dose.Describe(zone)}): {string.Join("; ", reasons)}. Risk of precipitated withdrawal: {scale.Name} at +{settings.Get(scale.Induction.CheckMinutes)} min.");
    }

    /// <summary>Induction has begun once a buprenorphine dose was given at or before the assessment: the threshold alert has done its work.</summary>
    public static IReadOnlyList<Finding> AfterInduction(IReadOnlyList<Finding> findings, IEnumerable<DoseGiven> doses, DateTimeOffset observedAt) =>
        FirstBuprenorphine(doses) is { } first && first.GivenAt <= observedAt
            ? [.. findings.Where(f => f.Code != AlertCodes.InductionThreshold)]
            : findings;

    /// <summary>An assessment on the induction scale within the window after the first buprenorphine dose, risen by the set amount over the last before that dose.</summary>
    public static Finding? PrecipitatedWithdrawal(Assessment latest, IReadOnlyList<Assessment> earlier, IEnumerable<DoseGiven> doses, WardSettings settings, TimeZoneInfo zone)
    {
        if (FirstBuprenorphine(doses) is not { } first)
        {
            return null;
        }
        var after = latest.ObservedAt - first.GivenAt;
        if (after <= TimeSpan.Zero || after > TimeSpan.FromMinutes(settings.PrecipitatedWithdrawalWindowMinutes))
        {
            return null;
        }
        var scale = AssessmentScales.Induction;
        var before = earlier.Where(c => c.ObservedAt <= first.GivenAt).OrderByDescending(c => c.ObservedAt).FirstOrDefault();
        if (before is null || latest.Total - before.Total < settings.Get(scale.Induction!.PrecipitatedRise))
        {
            return null;
        }
        return new Finding(AlertCodes.PrecipitatedWithdrawal, AlertPriority.High,
            $"{scale.Name} rose from {before.Total} to {latest.Total} (+{latest.Total - before.Total}) {DoseText.Duration(after)} after the first buprenorphine ({first.Describe(zone)}): "
            + "precipitated withdrawal suspected; physician review now.")
        { Parts = [scale.TotalPart(latest.Total)] };
    }

    public static Finding? NaloxoneGiven(DoseGiven dose, IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances, WardSettings settings, TimeZoneInfo zone)
    {
        if (dose.Class != DrugClass.OpioidAntagonist)
        {
            return null;
        }
        var watch = Watch(doses.Append(dose), substances, dose.GivenAt, settings)!;
        return new Finding(AlertCodes.NaloxoneGiven, AlertPriority.High,
            $"Opioid toxicity treated at {DoseText.Time(dose.GivenAt, zone)} ({dose.Describe(zone)}): physician review. "
            + $"Re-sedation watch until {DoseText.Time(watch.Until, zone)}: vitals with POSS every {settings.NaloxoneWatchIntervalMinutes} min"
            + (watch.LongActing ? " (long-acting opioid: methadone)." : "."));
    }

    /// <summary>The watch running at a time: after the last naloxone at or before it, 2 h (6 h with methadone) long.</summary>
    public static ResedationWatch? Watch(IEnumerable<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances, DateTimeOffset at, WardSettings settings)
    {
        var all = doses.ToList();
        var last = all.Where(d => d.Class == DrugClass.OpioidAntagonist && d.GivenAt <= at).OrderByDescending(d => d.GivenAt).FirstOrDefault();
        if (last is null)
        {
            return null;
        }
        var recentMethadone = all.Any(d => d.Drug == "methadone" && d.GivenAt <= last.GivenAt && last.GivenAt - d.GivenAt <= TimeSpan.FromHours(settings.MethadoneRecentHours));
        var longActing = recentMethadone || substances.Any(s => Substances.ActionOf(s.Substance) == OpioidAction.Methadone);
        var until = last.GivenAt + TimeSpan.FromHours(longActing ? settings.NaloxoneWatchLongActingHours : settings.NaloxoneWatchHours);
        return at <= until ? new ResedationWatch(last, until, longActing) : null;
    }

    public static Finding? HypotensionRisk(DoseGiven dose, VitalsAt? lastVitals, WardSettings settings, TimeZoneInfo zone)
    {
        if (dose.Class != DrugClass.Alpha2Agonist || lastVitals is null)
        {
            return null;
        }
        var age = dose.GivenAt - lastVitals.ObservedAt;
        if (age < TimeSpan.Zero || age > TimeSpan.FromHours(settings.HypotensionVitalsWithinHours))
        {
            return null;
        }
        var low = new List<string>();
        if (lastVitals.SystolicBp is { } sbp && sbp < settings.HypotensionSystolicBelow)
        {
            low.Add($"systolic BP {sbp} mmHg (below {settings.HypotensionSystolicBelow})");
        }
        if (lastVitals.HeartRate is { } hr && hr < settings.HypotensionHeartRateBelow)
        {
            low.Add($"heart rate {hr}/min (below {settings.HypotensionHeartRateBelow})");
        }
        return low.Count == 0
            ? null
            : new Finding(AlertCodes.HypotensionRisk, AlertPriority.Medium,
                $"{dose.Describe(zone)} after {string.Join(" and ", low)} at {DoseText.Time(lastVitals.ObservedAt, zone)}: hypotension risk; "
                + "check lying and standing BP and pulse, and review before the next dose.");
    }

    /// <summary>
    /// Respiratory depression and oversedation in the light of recent doses: high during a re-sedation
    /// watch, and naming any sedating dose given within the lookback before the observation.
    /// </summary>
    public const string BenzodiazepineAction = "withhold benzodiazepines, protect the airway, call for help";

    public static IReadOnlyList<Finding> OnVitalsFindings(IReadOnlyList<Finding> findings, IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances,
        DateTimeOffset observedAt, WardSettings settings, TimeZoneInfo zone)
    {
        var watch = Watch(doses, substances, observedAt, settings);
        var recent = doses
            .Where(d => d.Medication.Sedating && d.GivenAt <= observedAt && observedAt - d.GivenAt <= TimeSpan.FromHours(settings.SedatingDoseLookbackHours))
            .OrderBy(d => d.GivenAt)
            .ToList();
        var sedating = recent.Select(d => d.Describe(zone)).ToList();
        // The action follows the drug that sedated: a benzodiazepine alone on a patient using no opioid is not reversed by naloxone.
        var benzodiazepineOnly = recent.Count > 0 && recent.All(d => d.Medication.Class == DrugClass.Benzodiazepine)
            && !substances.Any(use => Substances.IsKnown(use.Substance) && Substances.ClassOf(use.Substance) == Substances.Opioid);
        return [.. findings.Select(finding =>
        {
            if (finding.Code is not (AlertCodes.RespiratoryDepression or AlertCodes.Oversedation))
            {
                return finding;
            }
            var reason = benzodiazepineOnly
                ? finding.Reason.Replace(VitalsRules.OpioidToxicityAction, BenzodiazepineAction, StringComparison.Ordinal)
                    .Replace(VitalsRules.ReduceOpioidAction, BenzodiazepineAction, StringComparison.Ordinal)
                : finding.Reason;
            if (sedating.Count > 0)
            {
                reason += $" Sedating dose{(sedating.Count > 1 ? "s" : "")} in the last {settings.SedatingDoseLookbackHours} h: {string.Join(", ", sedating)}.";
            }
            if (watch is not null)
            {
                reason += $" During the re-sedation watch after naloxone at {DoseText.Time(watch.LastNaloxone.GivenAt, zone)} (until {DoseText.Time(watch.Until, zone)}): consider a further naloxone dose, call for help.";
                return finding with { Priority = AlertPriority.High, Reason = reason, DuringWatch = true };
            }
            return finding with { Reason = reason };
        })];
    }
}
