namespace Monitoring.Api.Features.Reports;

/// <summary>
/// One alert raised on the ward in the window, as the response and alert-load reports read it from the alert's own
/// row, its append-only history and its responses. A patient stay (for patient-days) comes in the same statement.
/// </summary>
public sealed record AlertFacts
{
    // Correlated sub-queries keep each alert one row; the history and response indexes lead with alert_id.
    public const string Alerts = """
        SELECT 'alert' AS Kind, a.code AS Code, a.priority AS Priority, a.status AS Status, a.raised_at AS RaisedAt,
               a.resolved_at AS ResolvedAt, a.outcome AS Outcome,
               (SELECT MIN(e.occurred_at) FROM alert_events e WHERE e.alert_id = a.id AND e.event = 'acknowledged') AS FirstAcknowledgedAt,
               (SELECT MIN(r.at) FROM alert_responses r WHERE r.alert_id = a.id) AS FirstResponseAt,
               (SELECT COUNT(*) FROM alert_events e WHERE e.alert_id = a.id AND e.event = 'escalated') AS Escalations,
               NULL AS AdmittedAt, NULL AS DischargedAt
        FROM alerts a
        WHERE a.ward_code = @Ward AND a.raised_at >= @Since AND a.raised_at < @Until
        """;

    public const string Stays = """
        SELECT 'stay' AS Kind, NULL AS Code, NULL AS Priority, NULL AS Status, NULL AS RaisedAt, NULL AS ResolvedAt, NULL AS Outcome,
               NULL AS FirstAcknowledgedAt, NULL AS FirstResponseAt, 0 AS Escalations, ad.admitted_at AS AdmittedAt, ad.discharged_at AS DischargedAt
        FROM admissions ad
        WHERE ad.ward_code = @Ward AND ad.admitted_at < @Until AND (ad.discharged_at IS NULL OR ad.discharged_at > @Since)
        """;

    public string Kind { get; init; } = "";
    public string? Code { get; init; }
    public string? Priority { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? RaisedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset? FirstAcknowledgedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public int Escalations { get; init; }
    public DateTimeOffset? AdmittedAt { get; init; }
    public DateTimeOffset? DischargedAt { get; init; }

    public double? SecondsToAcknowledge => FirstAcknowledgedAt is { } at ? (at - RaisedAt!.Value).TotalSeconds : null;

    public double? SecondsToFirstResponse => FirstResponseAt is { } at ? (at - RaisedAt!.Value).TotalSeconds : null;
}
