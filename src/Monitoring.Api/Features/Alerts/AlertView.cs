namespace Monitoring.Api.Features.Alerts;

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
    string? ResolveNote);
