using System.Globalization;

namespace Monitoring.Clinical.Devices;

/// <summary>What the doses say about a monitor alarm: a running re-sedation watch, and sedating doses in the last 6 h.</summary>
public sealed record MonitorDoseContext(ResedationWatch? Watch, IReadOnlyList<string> SedatingDoses)
{
    public static readonly MonitorDoseContext None = new(null, []);

    public static readonly TimeSpan SedatingLookback = TimeSpan.FromHours(6);

    public static MonitorDoseContext Of(IReadOnlyList<DoseGiven> doses, IReadOnlyList<SubstanceUse> substances, DateTimeOffset at, WardSettings settings, TimeZoneInfo zone) => new(
        DoseRules.Watch(doses, substances, at, settings),
        [.. doses.Where(d => d.Medication.Sedating && d.GivenAt <= at && at - d.GivenAt <= SedatingLookback).OrderBy(d => d.GivenAt).Select(d => d.Describe(zone))]);
}

/// <summary>
/// The finding a monitor alarm's move becomes: priority (signal lost and offline are high during a naloxone watch),
/// a reason with values, duration and ward times, and the severity parts that decide whether it got worse.
/// </summary>
public static class MonitorFindings
{
    public static Finding Of(AlarmChange change, MonitorDoseContext doses, TimeZoneInfo zone)
    {
        var priority = change.Rule?.Priority ?? AlertPriority.Medium;
        var during = doses.Watch is not null;
        if (during && change.Code == AlertCodes.MonitorSignalLost)
        {
            priority = AlertPriority.High;
        }
        var reason = change.Code == AlertCodes.MonitorSignalLost ? SignalLostReason(change.Snapshot, zone) : SustainedReason(change.Rule!, change.Snapshot, zone);
        reason += DoseWords(doses, zone);
        return new Finding(change.Code, priority, reason) { Parts = Severity(change).Parts, DuringWatch = during && priority == AlertPriority.High };
    }

    /// <summary>No message from the monitor since <paramref name="lastMessageAt"/> (server clock).</summary>
    public static Finding Offline(DateTimeOffset lastMessageAt, DateTimeOffset now, MonitorDoseContext doses, TimeZoneInfo zone)
    {
        var during = doses.Watch is not null;
        var reason = $"Monitor offline: no message since {WardTime.Clock(lastMessageAt, zone)} ({MonitorAlarmRules.Duration(now - lastMessageAt)}): "
            + "check the monitor, its network and the patient." + DoseWords(doses, zone);
        return new Finding(AlertCodes.MonitorOffline, during ? AlertPriority.High : AlertPriority.Medium, reason) { DuringWatch = during };
    }

    /// <summary>How bad a move is: the extreme reached (3 % SpO2, 2/min RR, 5 mmHg, 10/min HR further), apnoea by its length.</summary>
    public static Severity Severity(AlarmChange change)
    {
        var snapshot = change.Snapshot;
        var priority = change.Rule?.Priority ?? AlertPriority.Medium;
        if (change.Rule is not { } rule)
        {
            return new Severity(priority, [new SeverityPart("signals lost", snapshot.Lost.Count, string.Join(", ", snapshot.Lost.Select(MonitorAlarmRules.Label)))]);
        }
        var label = MonitorAlarmRules.Label(rule.Parameter);
        if (rule.Code == AlertCodes.MonitorApnoea)
        {
            var seconds = (int)(snapshot.At - snapshot.Since).TotalSeconds;
            return new Severity(priority, [new SeverityPart("apnoea", seconds / 30, MonitorAlarmRules.Duration(snapshot.At - snapshot.Since))]);
        }
        var step = rule.Parameter switch
        {
            MonitorParameter.Spo2 => 3,
            MonitorParameter.RespiratoryRate => 2,
            MonitorParameter.Etco2 => 5,
            _ => 10,
        };
        var parts = new List<SeverityPart>();
        if (snapshot.Lowest <= rule.Low)
        {
            parts.Add(new SeverityPart($"lowest {label}", (int)Math.Round(rule.Low - snapshot.Lowest) + 1, Value(snapshot.Lowest, rule), Step: step));
        }
        if (rule.High is { } high && snapshot.Highest >= high)
        {
            parts.Add(new SeverityPart($"highest {label}", (int)Math.Round(snapshot.Highest - high) + 1, Value(snapshot.Highest, rule), Step: step));
        }
        return new Severity(priority, parts);
    }

    private static string SustainedReason(SustainedRule rule, AlarmSnapshot snapshot, TimeZoneInfo zone)
    {
        var lasted = snapshot.LastedFor ?? snapshot.At - snapshot.Since;
        var extremes = rule.Code == AlertCodes.MonitorApnoea
            ? ""
            : (rule.High is { } high && snapshot.Highest >= high ? $", highest {Value(snapshot.Highest, rule)}" : "")
              + (snapshot.Lowest <= rule.Low ? $", lowest {Value(snapshot.Lowest, rule)}" : "");
        var others = snapshot.Others.Count == 0 ? "" : "; " + string.Join(", ", snapshot.Others.OrderBy(o => o.Key).Select(o => $"{MonitorAlarmRules.Label(o.Key)} {SustainedRule.Number(Math.Round(o.Value))}"));
        var reason = $"Monitor: {rule.Condition} for {MonitorAlarmRules.Duration(lasted)} since {WardTime.Clock(snapshot.Since, zone)}{extremes}{others}. {Action(rule.Code)}";
        return snapshot.ClearedAt is { } cleared
            ? $"{reason} Cleared at {WardTime.Clock(cleared, zone)} after {MonitorAlarmRules.Duration(lasted)}."
            : reason;
    }

    private static string SignalLostReason(AlarmSnapshot snapshot, TimeZoneInfo zone)
    {
        var names = string.Join(" and ", snapshot.Lost.Select(MonitorAlarmRules.Label));
        var reason = $"Monitor signal lost: no valid {names} since {WardTime.Clock(snapshot.Since, zone)} while the monitor still sends (probe off or artefact): check the probe and the patient.";
        return snapshot.ClearedAt is { } cleared ? $"{reason} Signal back at {WardTime.Clock(cleared, zone)}." : reason;
    }

    private static string Action(string code) => code switch
    {
        AlertCodes.MonitorHypoxaemia => "Check the patient and the probe now; airway, oxygen, call for help.",
        AlertCodes.MonitorApnoea => "Check the patient now: stimulate, airway, naloxone if opioid toxicity, call for help.",
        AlertCodes.MonitorBradypnoea => "Check the patient now: sedation (POSS), airway, naloxone if opioid toxicity.",
        AlertCodes.MonitorEtco2 => "Check breathing and the sampling line now: hypoventilation or obstruction.",
        _ => "Check the patient and the ECG leads; tell the physician.",
    };

    private static string DoseWords(MonitorDoseContext doses, TimeZoneInfo zone)
    {
        var words = "";
        if (doses.SedatingDoses.Count > 0)
        {
            words += $" Sedating dose{(doses.SedatingDoses.Count > 1 ? "s" : "")} in the last 6 h: {string.Join(", ", doses.SedatingDoses)}.";
        }
        if (doses.Watch is { } watch)
        {
            words += $" During the re-sedation watch after naloxone at {WardTime.Clock(watch.LastNaloxone.GivenAt, zone)} (until {WardTime.Clock(watch.Until, zone)}).";
        }
        return words;
    }

    private static string Value(double value, SustainedRule rule) =>
        $"{Math.Round(value).ToString(CultureInfo.InvariantCulture)} {MonitorAlarmRules.Unit(rule.Parameter)}";
}
