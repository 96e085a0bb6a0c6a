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
