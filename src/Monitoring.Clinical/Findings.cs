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
}

/// <summary>A rule that fired: which alert, how urgent, and a sentence naming the values that fired it.</summary>
public sealed record Finding(string Code, AlertPriority Priority, string Reason);
