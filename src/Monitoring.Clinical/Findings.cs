namespace Monitoring.Clinical;

/// <summary>Alarm priority in the IEC 60601-1-8 sense.</summary>
public enum AlertPriority
{
    Low,
    Medium,
    High,
}

public static class AlertCodes
{
    public const string RespiratoryDepression = "respiratory-depression";
    public const string Oversedation = "oversedation";
    public const string Hypoxaemia = "hypoxaemia";
    public const string OverOxygenation = "over-oxygenation";
    public const string News2High = "news2-high";
    public const string News2Medium = "news2-medium";
    public const string News2SingleParameter = "news2-single-parameter";
    public const string WithdrawalSevere = "withdrawal-severe";
    public const string WithdrawalEscalating = "withdrawal-escalating";
    public const string InductionThreshold = "induction-threshold";
    public const string ObservationsOverdue = "observations-overdue";
    public const string BuprenorphineTooEarly = "buprenorphine-too-early";
    public const string PrecipitatedWithdrawal = "precipitated-withdrawal";
    public const string NaloxoneGiven = "naloxone-given";
    public const string HypotensionRisk = "hypotension-risk";
    public const string AgonistDuringWatch = "agonist-during-watch";
    public const string MonitorHypoxaemia = "monitor-hypoxaemia";
    public const string MonitorBradypnoea = "monitor-bradypnoea";
    public const string MonitorApnoea = "monitor-apnoea";
    public const string MonitorEtco2 = "monitor-etco2";
    public const string MonitorHeartRate = "monitor-heart-rate";
    public const string MonitorSignalLost = "monitor-signal-lost";
    public const string MonitorOffline = "monitor-offline";

    /// <summary>The alerts of the monitor feed, judged on device time rather than on charted sets.</summary>
    public static bool IsMonitor(string code) => code.StartsWith("monitor-", StringComparison.Ordinal);
}

/// <summary>
/// A rule that fired: which alert, how urgent, a sentence naming the values that fired it and the action
/// the rule exists for, and the parts of its severity that decide whether a later finding is worse.
/// </summary>
public sealed record Finding(string Code, AlertPriority Priority, string Reason)
{
    public IReadOnlyList<SeverityPart> Parts { get; init; } = [];

    /// <summary>Found during a re-sedation watch after naloxone: every such finding re-alarms an acknowledged alert.</summary>
    public bool DuringWatch { get; init; }

    public Severity Severity => new(Priority, Parts);

    // The parts compare by value, so that two findings of the same values are equal.
    public bool Equals(Finding? other) =>
        other is not null && Code == other.Code && Priority == other.Priority && Reason == other.Reason && DuringWatch == other.DuringWatch && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => HashCode.Combine(Code, Priority, Reason, Parts.Count);
}
