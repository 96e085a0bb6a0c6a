using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Alerts;

/// <summary>Reads alerts as the contract shows them, with who acknowledged and resolved.</summary>
public sealed class AlertReader(DbSession session)
{
    public const string Columns = """
        SELECT a.id AS Id, a.admission_id AS AdmissionId, a.ward_code AS Ward, a.bed_code AS Bed, a.code AS Code,
               a.priority AS Priority, a.status AS Status, a.raised_at AS RaisedAt, a.last_seen_at AS LastSeenAt,
               a.reason AS Reason, a.observation_id AS ObservationId, a.escalated_at AS EscalatedAt,
               a.acknowledged_at AS AcknowledgedAt, ack.username AS AcknowledgedBy, a.acknowledge_note AS AcknowledgeNote,
               a.resolved_at AS ResolvedAt, res.username AS ResolvedBy, a.resolve_note AS ResolveNote, a.cleared_at AS ClearedAt
        FROM alerts a
        LEFT JOIN users ack ON ack.id = a.acknowledged_by
        LEFT JOIN users res ON res.id = a.resolved_by
        """;

    // Highest priority first, then the oldest: the alert that has waited longest is seen first.
    public const string PriorityThenAge = """
        CASE a.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.raised_at
        """;

    private const string ById = Columns + " WHERE a.id = @Id";
    public const string PageOfAdmission = Columns + " WHERE a.admission_id = @AdmissionId";
    private const string OfWard = Columns + " WHERE a.ward_code = @Ward AND a.status IN @Statuses ORDER BY " + PriorityThenAge;

    public async Task<AlertView?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await session.QuerySingleOrDefaultAsync<AlertRow>(ById, new { Id = id }, cancellationToken))?.ToView();

    /// <summary>A page of the admission's alerts in (raised_at, id) order, for the timeline.</summary>
    public async Task<IReadOnlyList<AlertView>> PageAsync(TimePage page, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<AlertRow>(page.Sql(session.Dialect, PageOfAdmission, "a.raised_at", "a.id"), page, cancellationToken)).Select(row => row.ToView())];

    public async Task<IReadOnlyList<AlertView>> OfWardAsync(string ward, IReadOnlyList<string> statuses, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<AlertRow>(OfWard, new { Ward = ward, Statuses = statuses }, cancellationToken)).Select(row => row.ToView())];

    private sealed record AlertRow
    {
        public Guid Id { get; init; }
        public Guid AdmissionId { get; init; }
        public string Ward { get; init; } = "";
        public string Bed { get; init; } = "";
        public string Code { get; init; } = "";
        public string Priority { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset RaisedAt { get; init; }
        public DateTimeOffset LastSeenAt { get; init; }
        public string Reason { get; init; } = "";
        public Guid? ObservationId { get; init; }
        public DateTimeOffset? EscalatedAt { get; init; }
        public DateTimeOffset? AcknowledgedAt { get; init; }
        public string? AcknowledgedBy { get; init; }
        public string? AcknowledgeNote { get; init; }
        public DateTimeOffset? ResolvedAt { get; init; }
        public string? ResolvedBy { get; init; }
        public string? ResolveNote { get; init; }
        public DateTimeOffset? ClearedAt { get; init; }

        public AlertView ToView() => new(
            Id, AdmissionId, Ward, Bed, Code, Priority, Status, RaisedAt, LastSeenAt, Reason, ObservationId,
            EscalatedAt is not null, AcknowledgedAt, AcknowledgedBy, AcknowledgeNote, ResolvedAt, ResolvedBy, ResolveNote)
        {
            ClearedAt = ClearedAt,
        };
    }
}
