using System.Text.Json;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>A rule's verdict on one observation: which alert, how urgent, why in a nurse's words, and how bad.</summary>
public sealed record AlertFinding(string Code, string Priority, string Reason)
{
    /// <summary>The parts that decide whether a later finding is worse; without them only a higher priority is.</summary>
    public IReadOnlyList<SeverityPart> Parts { get; init; } = [];

    /// <summary>When the evidence was observed; none for findings of the clock (overdue).</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>Charted after a later observation of its kind: it may raise an alert but never replaces milder evidence.</summary>
    public bool Late { get; init; }

    /// <summary>For observations-overdue: the due time of each missed kind, so that only charting after it answers the alert.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset>? OverdueDue { get; init; }

    /// <summary>Found during a re-sedation watch: re-alarms an acknowledged alert whatever its severity.</summary>
    public bool DuringWatch { get; init; }

    public Severity Severity => new(AlertSeverity.Parse(Priority), Parts);

    public Finding ToFinding() => new(Code, AlertSeverity.Parse(Priority), Reason) { Parts = Parts, DuringWatch = DuringWatch };

    public static AlertFinding From(Finding finding, DateTimeOffset? observedAt = null) =>
        new(finding.Code, WireNames.Of(finding.Priority), finding.Reason) { Parts = finding.Parts, ObservedAt = observedAt, DuringWatch = finding.DuringWatch };
}

/// <summary>
/// What one observation says about the alerts its rules decide: the findings it fired, the codes its rules judged
/// (an absent finding among them may end an episode), the severity labels it charted (null: all of them, as a
/// scale's assessment does), and in whose words an episode it clears was cleared ("the vital signs observed 14:40").
/// </summary>
public sealed record ObservationVerdict(IReadOnlyList<AlertFinding> Findings, IReadOnlyList<string> Decides, IReadOnlySet<string>? Charted, string? ClearedBy)
{
    /// <summary>Older than the latest valid observation of its kind: its silence ends nothing.</summary>
    public bool Late { get; init; }
}

/// <summary>Severity as stored on the alert row (JSON), for the evidence and for what was acknowledged.</summary>
public static class AlertSeverity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AlertPriority Parse(string priority) => priority switch
    {
        AlertPriorities.High => AlertPriority.High,
        AlertPriorities.Medium => AlertPriority.Medium,
        _ => AlertPriority.Low,
    };

    public static string Write(Severity severity) => JsonSerializer.Serialize(severity, Json);

    /// <summary>Rows written before severities were stored compare by their priority alone.</summary>
    public static Severity Read(string? json, string priority) =>
        json is null ? Severity.Of(Parse(priority)) : JsonSerializer.Deserialize<Severity>(json, Json) ?? Severity.Of(Parse(priority));

    public static string? WriteDue(IReadOnlyDictionary<string, DateTimeOffset>? due) => due is null ? null : JsonSerializer.Serialize(due, Json);

    public static IReadOnlyDictionary<string, DateTimeOffset> ReadDue(string? json) =>
        json is null ? new Dictionary<string, DateTimeOffset>() : JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(json, Json) ?? [];
}
