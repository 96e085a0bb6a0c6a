using Monitoring.Api.Data;

namespace Monitoring.Api.Charting.Observations;

/// <summary>The row every charted observation starts with, whatever its kind.</summary>
public static class ObservationRows
{
    private const string Insert = """
        INSERT INTO observations (id, admission_id, kind, observed_at, recorded_at, recorded_by, note, reported_observed_at)
        VALUES (@Id, @AdmissionId, @Kind, @ObservedAt, @RecordedAt, @RecordedBy, @Note, @ReportedObservedAt)
        """;

    public static Task InsertAsync(DbSession session, Guid id, Guid admissionId, string kind, DateTimeOffset observedAt, DateTimeOffset recordedAt, Guid recordedBy, string? note,
        CancellationToken cancellationToken, DateTimeOffset? reportedObservedAt = null) =>
        session.ExecuteAsync(Insert, new
        {
            Id = id,
            AdmissionId = admissionId,
            Kind = kind,
            ObservedAt = observedAt,
            RecordedAt = recordedAt,
            RecordedBy = recordedBy,
            Note = note,
            ReportedObservedAt = reportedObservedAt,
        }, cancellationToken);
}
