using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>The alert object of the HTTP contract and of the hub's alert events.</summary>
public sealed record AlertView(
    Guid Id,
    Guid AdmissionId,
    string Ward,
    string Bed,
    string Code,
    string Priority,
    string Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset LastSeenAt,
    string Reason,
    Guid? ObservationId,
    bool Escalated,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgeNote,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolveNote)
{
    /// <summary>When valid data showed the condition no longer fires: an active alert then stops sounding and waits to be acknowledged.</summary>
    public DateTimeOffset? ClearedAt { get; init; }

    /// <summary>When it last started sounding: raised, re-alarmed after an acknowledgement, or raised in priority.</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>The episode is over but nobody has seen it yet: shown, not sounded.</summary>
    public bool Cleared => ClearedAt is not null;

    /// <summary>How a resolved alert ended (<see cref="AlertOutcomes"/>), when the resolver said.</summary>
    public string? Outcome { get; init; }

    /// <summary>What the ward did about the alert, in the order it happened.</summary>
    public IReadOnlyList<AlertResponseView> Responses { get; init; } = [];
}

/// <summary>One escalation response: the action, when it happened and who recorded it.</summary>
public sealed record AlertResponseView(Guid Id, string Action, DateTimeOffset At, string? Note, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>An alert that saving the entry would raise, as the charting form shows it before it is saved.</summary>
public sealed record PreviewAlert(string Code, string Priority, string Reason)
{
    public static PreviewAlert Of(Finding finding) => new(finding.Code, WireNames.Of(finding.Priority), finding.Reason);
}
