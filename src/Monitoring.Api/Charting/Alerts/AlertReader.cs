using Monitoring.Api.Data;

namespace Monitoring.Api.Charting.Alerts;

/// <summary>Reads alerts as the contract shows them, with who acknowledged and resolved.</summary>
public sealed class AlertReader(DbSession session)
{
    public const string Columns = """
        SELECT a.id AS Id, a.admission_id AS AdmissionId, a.ward_code AS Ward, a.bed_code AS Bed, a.code AS Code,
               a.priority AS Priority, a.status AS Status, a.raised_at AS RaisedAt, a.last_seen_at AS LastSeenAt, a.activated_at AS ActivatedAt,
               a.reason AS Reason, a.observation_id AS ObservationId, a.escalated_at AS EscalatedAt,
               a.acknowledged_at AS AcknowledgedAt, ack.username AS AcknowledgedBy, a.acknowledge_note AS AcknowledgeNote,
               a.resolved_at AS ResolvedAt, res.username AS ResolvedBy, a.resolve_note AS ResolveNote, a.cleared_at AS ClearedAt,
               a.outcome AS Outcome
        FROM alerts a
        LEFT JOIN users ack ON ack.id = a.acknowledged_by
        LEFT JOIN users res ON res.id = a.resolved_by
        """;

    // The alert with its responses in one statement: one row per response (or one with no response), folded by FoldResponses.
    private const string WithResponses = """
        SELECT a.id AS Id, a.admission_id AS AdmissionId, a.ward_code AS Ward, a.bed_code AS Bed, a.code AS Code,
               a.priority AS Priority, a.status AS Status, a.raised_at AS RaisedAt, a.last_seen_at AS LastSeenAt, a.activated_at AS ActivatedAt,
               a.reason AS Reason, a.observation_id AS ObservationId, a.escalated_at AS EscalatedAt,
               a.acknowledged_at AS AcknowledgedAt, ack.username AS AcknowledgedBy, a.acknowledge_note AS AcknowledgeNote,
               a.resolved_at AS ResolvedAt, res.username AS ResolvedBy, a.resolve_note AS ResolveNote, a.cleared_at AS ClearedAt,
               a.outcome AS Outcome, r.id AS ResponseId, r.action AS ResponseAction, r.at AS ResponseAt, r.note AS ResponseNote,
               r.recorded_at AS ResponseRecordedAt, rby.username AS ResponseRecordedBy
        FROM alerts a
        LEFT JOIN users ack ON ack.id = a.acknowledged_by
        LEFT JOIN users res ON res.id = a.resolved_by
        LEFT JOIN alert_responses r ON r.alert_id = a.id
        LEFT JOIN users rby ON rby.id = r.recorded_by
        """;

    private const string ResponsesOfAdmission = """
        SELECT r.alert_id AS AlertId, r.id AS Id, r.action AS Action, r.at AS At, r.note AS Note, r.recorded_at AS RecordedAt, u.username AS RecordedBy
        FROM alert_responses r
        JOIN alerts a ON a.id = r.alert_id
        JOIN users u ON u.id = r.recorded_by
        WHERE a.admission_id = @AdmissionId
        ORDER BY r.at, r.id
        """;

    // Highest priority first, then the oldest: the alert that has waited longest is seen first.
    public const string PriorityThenAge = """
        CASE a.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.raised_at
        """;

    private const string ActiveOfAdmission = "SELECT a.id FROM alerts a WHERE a.admission_id = @AdmissionId AND a.status = 'active' ORDER BY " + PriorityThenAge + ", a.id";

    private const string ById = WithResponses + " WHERE a.id = @Id ORDER BY r.at, r.id";
    public const string PageOfAdmission = Columns + " WHERE a.admission_id = @AdmissionId";
    private const string OfWard = WithResponses + " WHERE a.ward_code = @Ward AND a.status IN @Statuses ORDER BY " + PriorityThenAge + ", a.id, r.at, r.id";

    public async Task<AlertView?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        FoldResponses(await session.QueryAsync<AlertRow>(ById, new { Id = id }, cancellationToken)).SingleOrDefault();

    /// <summary>A page of the admission's alerts in (raised_at, id) order, for the timeline, each with its responses.</summary>
    public async Task<IReadOnlyList<AlertView>> PageAsync(TimePage page, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<AlertRow>(page.Sql(session.Dialect, PageOfAdmission, "a.raised_at", "a.id"), page, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var responses = (await session.QueryAsync<ResponseRow>(ResponsesOfAdmission, new { page.AdmissionId }, cancellationToken)).ToLookup(r => r.AlertId);
        return [.. rows.Select(row => row.ToView() with { Responses = [.. responses[row.Id].Select(r => r.ToView())] })];
    }

    /// <summary>The admission's active (unacknowledged) alerts, highest priority then oldest first.</summary>
    public Task<IReadOnlyList<Guid>> ActiveIdsOfAdmissionAsync(Guid admissionId, CancellationToken cancellationToken) =>
        session.QueryAsync<Guid>(ActiveOfAdmission, new { AdmissionId = admissionId }, cancellationToken);

    public async Task<IReadOnlyList<AlertView>> OfWardAsync(string ward, IReadOnlyList<string> statuses, CancellationToken cancellationToken) =>
        FoldResponses(await session.QueryAsync<AlertRow>(OfWard, new { Ward = ward, Statuses = statuses }, cancellationToken));

    // Rows arrive grouped by alert (the ORDER BY ends with the alert's id, then the response's time).
    private static List<AlertView> FoldResponses(IReadOnlyList<AlertRow> rows)
    {
        var views = new List<AlertView>();
        var responses = new List<AlertResponseView>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].ResponseId is not null)
            {
                responses.Add(rows[i].ResponseView());
            }
            if (i == rows.Count - 1 || rows[i + 1].Id != rows[i].Id)
            {
                views.Add(rows[i].ToView() with { Responses = [.. responses] });
                responses.Clear();
            }
        }
        return views;
    }

    private sealed record ResponseRow
    {
        public Guid AlertId { get; init; }
        public Guid Id { get; init; }
        public string Action { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string? Note { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";

        public AlertResponseView ToView() => new(Id, Action, At, Note, RecordedAt, RecordedBy);
    }

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
        public DateTimeOffset ActivatedAt { get; init; }
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
        public string? Outcome { get; init; }
        public Guid? ResponseId { get; init; }
        public string? ResponseAction { get; init; }
        public DateTimeOffset? ResponseAt { get; init; }
        public string? ResponseNote { get; init; }
        public DateTimeOffset? ResponseRecordedAt { get; init; }
        public string? ResponseRecordedBy { get; init; }

        public AlertResponseView ResponseView() =>
            new(ResponseId!.Value, ResponseAction!, ResponseAt!.Value, ResponseNote, ResponseRecordedAt!.Value, ResponseRecordedBy ?? "");

        public AlertView ToView() => new(
            Id, AdmissionId, Ward, Bed, Code, Priority, Status, RaisedAt, LastSeenAt, Reason, ObservationId,
            EscalatedAt is not null, AcknowledgedAt, AcknowledgedBy, AcknowledgeNote, ResolvedAt, ResolvedBy, ResolveNote)
        {
            ClearedAt = ClearedAt,
            ActivatedAt = ActivatedAt,
            Outcome = Outcome,
        };
    }
}
