namespace Monitoring.Api.Charting.Alerts;

public static class AlertStatuses
{
    public const string Active = "active";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>The <c>status</c> query values: one status, or <c>open</c> for active and acknowledged.</summary>
    public static IReadOnlyList<string>? FromQuery(string? status) => status switch
    {
        null or "" or Active => [Active],
        Acknowledged => [Acknowledged],
        Resolved => [Resolved],
        "open" => [Active, Acknowledged],
        _ => null,
    };
}

public static class AlertPriorities
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static int Rank(string priority) => priority switch
    {
        High => 3,
        Medium => 2,
        Low => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown alert priority."),
    };

    public static string Higher(string a, string b) => Rank(a) >= Rank(b) ? a : b;
}

/// <summary>What a nurse or physician did about an alert, as the escalation response record names it.</summary>
public static class AlertActions
{
    public static readonly IReadOnlyList<string> All =
    [
        "called-physician", "called-rapid-response", "reviewed-at-bedside", "naloxone-given",
        "transferred-higher-care", "observations-increased", "other",
    ];
}

/// <summary>How a resolved alert ended; <c>artefact</c> is the alarm-fatigue signal of the alert-load report.</summary>
public static class AlertOutcomes
{
    public const string Artefact = "artefact";

    public static readonly IReadOnlyList<string> All = ["treated", "no-action-needed", Artefact, "transferred"];
}
