using Monitoring.Api.Data;

namespace Monitoring.Api.Charting.Observations;

/// <summary>
/// Every due time the schedule sets is a round (table <c>observation_rounds</c>), begun by the schedule's own write in
/// its transaction: when a kind's due time moves, its current round ends, charted when a valid observation of the kind
/// newer than the one it was reckoned from has been charted since (the newest, which moved the schedule on), superseded
/// otherwise; the same time set again leaves it. A kind no longer scheduled ends its round here.
/// </summary>
public static class ObservationRounds
{
    private const string EndCurrent = """
        UPDATE observation_rounds SET ended_at = @Now,
            charted_at = (SELECT MAX(o.observed_at) FROM observations o
                          WHERE o.admission_id = observation_rounds.admission_id AND o.kind = observation_rounds.kind
                            AND (observation_rounds.last_observed_at IS NULL OR o.observed_at > observation_rounds.last_observed_at)
                            AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id))
        WHERE admission_id = @AdmissionId AND kind = @Kind AND ended_at IS NULL
        """;

    /// <summary>Ends the current round of a kind no longer scheduled.</summary>
    public static Task EndAsync(DbSession session, Guid admissionId, string kind, CancellationToken cancellationToken) =>
        session.ExecuteAsync(EndCurrent, new { AdmissionId = admissionId, Kind = kind, Now = session.Now }, cancellationToken);
}
