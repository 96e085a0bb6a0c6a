namespace Monitoring.Clinical;

/// <summary>Withdrawal rules on a COWS assessment and the admission's earlier assessments.</summary>
public static class CowsRules
{
    /// <summary>A COWS band is 8-12 points wide: a rise of 5 since acknowledgement is a new step of withdrawal.</summary>
    public const int ReAlarmStep = 5;

    public static IReadOnlyList<Finding> Evaluate(Assessment latest, IReadOnlyList<Assessment> earlier, bool opioidAdmission, WardSettings settings)
    {
        var findings = new List<Finding>();
        if (latest.Total >= settings.Get(CowsScale.SevereFrom))
        {
            findings.Add(new Finding(AlertCodes.WithdrawalSevere, AlertPriority.Medium,
                $"COWS {latest.Total} (≥ {settings.Get(CowsScale.SevereFrom)}): {CowsScale.Instance.BandOf(latest.Total).Label} withdrawal; review withdrawal treatment with the prescriber.")
            { Parts = [CowsScale.Instance.TotalPart(latest.Total)] });
        }
        if (Escalation(latest, earlier, settings) is { } escalation)
        {
            findings.Add(escalation);
        }
        if (opioidAdmission && latest.Total >= settings.Get(CowsScale.InductionThreshold))
        {
            findings.Add(new Finding(AlertCodes.InductionThreshold, AlertPriority.Low,
                $"COWS {latest.Total} (≥ {settings.Get(CowsScale.InductionThreshold)}): buprenorphine induction may start per protocol.")
            { Parts = [CowsScale.Instance.TotalPart(latest.Total)] });
        }
        return findings;
    }

    /// <summary>A rise of the set amount over the lowest score charted within the window before this one.</summary>
    public static Finding? Escalation(Assessment latest, IReadOnlyList<Assessment> earlier, WardSettings settings)
    {
        var window = TimeSpan.FromHours(settings.Get(CowsScale.EscalationWindowHours));
        var lowest = earlier
            .Where(o => o.ObservedAt < latest.ObservedAt && latest.ObservedAt - o.ObservedAt <= window)
            .OrderBy(o => o.Total)
            .ThenBy(o => o.ObservedAt)
            .FirstOrDefault();
        if (lowest is null || latest.Total - lowest.Total < settings.Get(CowsScale.EscalationRise))
        {
            return null;
        }
        var minutes = (int)(latest.ObservedAt - lowest.ObservedAt).TotalMinutes;
        return new Finding(AlertCodes.WithdrawalEscalating, AlertPriority.Medium,
            $"COWS rose from {lowest.Total} to {latest.Total} (+{latest.Total - lowest.Total}) in {minutes / 60} h {minutes % 60:00} min: reassess and review withdrawal treatment.")
        { Parts = [CowsScale.Instance.TotalPart(latest.Total)] };
    }
}
