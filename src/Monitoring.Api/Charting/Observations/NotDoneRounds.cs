using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Observations;

/// <summary>Rounds that could not be done: when their retry falls due, and how the timeline reads them.</summary>
public static class NotDoneRounds
{
    /// <summary>How soon a retry is due after an observation was not done.</summary>
    public static readonly TimeSpan RetryWithin = TimeSpan.FromMinutes(30);

    /// <summary>The retry a round not done at <paramref name="at"/> calls for.</summary>
    public static Due Retry(DateTimeOffset at, string kind) =>
        new(at + RetryWithin, $"retry within {RetryWithin.TotalMinutes:0} min: {ObservationScheduler.NameOf(kind).ToLowerInvariant()} not done");

    /// <summary>A round not done, as the timeline shows it beside what was charted.</summary>
    public sealed record NotDoneView
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Reason { get; init; } = "";
        public string? Note { get; init; }
        public DateTimeOffset At { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
    }

    private const string PageOfAdmission = """
        SELECT n.id AS Id, n.kind AS Kind, n.reason AS Reason, n.note AS Note, n.at AS At, n.recorded_at AS RecordedAt, u.username AS RecordedBy
        FROM observations_not_done n
        JOIN users u ON u.id = n.recorded_by
        WHERE n.admission_id = @AdmissionId
        """;

    /// <summary>A page of the admission's rounds not done in (at, id) order, for the timeline.</summary>
    public static async Task<IReadOnlyList<NotDoneView>> PageAsync(DbSession session, TimePage page, CancellationToken cancellationToken) =>
        await session.QueryAsync<NotDoneView>(page.Sql(session.Dialect, PageOfAdmission, "n.at", "n.id"), page, cancellationToken);
}
