using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// One alert raised on the ward in the window, as the response and alert-load reports read it from the alert's own
/// row, its append-only history and its responses. A patient stay (for patient-days) comes in the same statement.
/// Each comes as one text (<see cref="PackedRow"/>), its values in the order of the properties.
/// </summary>
public sealed record AlertFacts
{
    // Correlated sub-queries keep each alert one row; the history and response indexes lead with alert_id.
    private const string AlertRow = """
        CONCAT('alert|', a.code, '|', a.priority, '|', a.status, '|', a.raised_at, '|', a.resolved_at, '|', a.outcome, '|',
               (SELECT MIN(e.occurred_at) FROM alert_events e WHERE e.alert_id = a.id AND e.event = 'acknowledged'), '|',
        """;

    private const string OfWard = """
        FROM alerts a
        WHERE a.ward_code = @Ward AND a.raised_at >= @Since AND a.raised_at < @Until
        """;

    public const string Alerts = "SELECT " + AlertRow + """

               (SELECT MIN(r.at) FROM alert_responses r WHERE r.alert_id = a.id), '|',
               (SELECT COUNT(*) FROM alert_events e WHERE e.alert_id = a.id AND e.event = 'escalated'), '||') AS Fact

        """ + OfWard;

    /// <summary>The alerts without their responses and escalations, which the alert load does not count: two seeks an alert fewer.</summary>
    public const string AlertsAcknowledged = "SELECT " + AlertRow + " '|0||') AS Fact\n" + OfWard;

    public const string Stays = """
        SELECT CONCAT('stay|||||||||0|', ad.admitted_at, '|', ad.discharged_at) AS Fact
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

    /// <summary>Reads the text of one alert or stay, as the statements above join it.</summary>
    public static AlertFacts Read(string text)
    {
        var row = new PackedRow(text);
        return new AlertFacts
        {
            Kind = row.Next().ToString(),
            Code = row.NextTextOrNull(),
            Priority = row.NextTextOrNull(),
            Status = row.NextTextOrNull(),
            RaisedAt = row.NextTimeOrNull(),
            ResolvedAt = row.NextTimeOrNull(),
            Outcome = row.NextTextOrNull(),
            FirstAcknowledgedAt = row.NextTimeOrNull(),
            FirstResponseAt = row.NextTimeOrNull(),
            Escalations = (int)row.NextInt64(),
            AdmittedAt = row.NextTimeOrNull(),
            DischargedAt = row.NextTimeOrNull(),
        };
    }
}
