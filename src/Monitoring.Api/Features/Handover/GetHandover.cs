using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Handover;

/// <summary>
/// The shift handover sheet: one block per patient with what the next nurse needs first. It reads the board's tiles
/// (so the sheet and the wall agree) and adds what a tile has no room for: substances, the last 12 h of NEWS2, the open
/// alerts with what was done about them, the last 24 h of doses and of rounds not done, and the naloxone watch.
/// </summary>
public static class GetHandover
{
    public static readonly TimeSpan TrendWindow = TimeSpan.FromHours(12);
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(24);

    public sealed record Query(string Ward) : IQuery<HandoverView>;

    public sealed record HandoverView(string Ward, string Name, string TimeZone, DateTimeOffset GeneratedAt, IReadOnlyList<PatientBlock> Patients);

    public sealed record PatientBlock(
        string Bed,
        Guid AdmissionId,
        string Name,
        int? AgeYears,
        DateTimeOffset AdmittedAt,
        int DayOfStay,
        IReadOnlyList<SubstanceUseView> Substances,
        LatestNews2? News2,
        IReadOnlyList<News2Point> News2Trend,
        IReadOnlyList<LatestAssessment> Assessments,
        IReadOnlyList<AlertView> OpenAlerts,
        IReadOnlyList<DoseView> DosesLast24h,
        IReadOnlyList<WatchView> Watches,
        IReadOnlyList<DueObservation> Due,
        MonitorTile? Monitor,
        IReadOnlyList<NotDoneRow> ObservationsNotDone);

    public sealed record News2Point(DateTimeOffset ObservedAt, int Total, string Band);

    public sealed record WatchView(string Kind, DateTimeOffset Since, DateTimeOffset Until, bool LongActing);

    public sealed record NotDoneRow
    {
        public Guid AdmissionId { get; init; }
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Reason { get; init; } = "";
        public string? Note { get; init; }
        public DateTimeOffset At { get; init; }
        public string RecordedBy { get; init; } = "";
    }

    // By admission, kind and time: each patient's 12 h is a seek on ix_observations_admission, not a scan of the stay.
    private const string Trend = """
        SELECT o.admission_id AS AdmissionId, o.observed_at AS ObservedAt, v.news2_total AS Total, v.news2_band AS Band
        FROM observations o
        JOIN vital_signs v ON v.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE o.admission_id IN (SELECT a.id FROM admissions a WHERE a.ward_code = @Ward AND a.discharged_at IS NULL)
          AND o.kind = 'vitals' AND o.observed_at >= @Since AND c.id IS NULL AND v.news2_total IS NOT NULL
        ORDER BY o.observed_at, o.recorded_at
        """;

    private const string NotDone = """
        SELECT n.admission_id AS AdmissionId, n.id AS Id, n.kind AS Kind, n.reason AS Reason, n.note AS Note, n.at AS At, u.username AS RecordedBy
        FROM observations_not_done n
        JOIN admissions a ON a.id = n.admission_id
        JOIN users u ON u.id = n.recorded_by
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL AND n.at >= @Since
        ORDER BY n.at
        """;

    public sealed class Handler(
        DbSession session, WardLookup wards, CurrentUser user, BoardReader board, MonitorReader monitors, AlertReader alerts,
        DoseReader doses, AdmissionAccess admissions, AuditTrail audit) : IQueryHandler<Query, HandoverView>
    {
        public async ValueTask<HandoverView> Handle(Query query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var settings = await wards.SettingsAsync(query.Ward, cancellationToken);
            var zone = WardZone.Of(settings);
            var view = await board.ReadAsync(query.Ward, cancellationToken);
            var tiles = MonitorTile.OnTiles(view.Beds, await monitors.TilesOfWardAsync(query.Ward, cancellationToken));
            var now = view.GeneratedAt;
            var open = (await alerts.OfWardAsync(query.Ward, [AlertStatuses.Active, AlertStatuses.Acknowledged], cancellationToken)).ToLookup(a => a.AdmissionId);
            var trend = (await session.QueryAsync<TrendRow>(Trend, new { query.Ward, Since = now - TrendWindow }, cancellationToken)).ToLookup(t => t.AdmissionId);
            var notDone = (await session.QueryAsync<NotDoneRow>(NotDone, new { query.Ward, Since = now - RecentWindow }, cancellationToken)).ToLookup(n => n.AdmissionId);

            var patients = new List<PatientBlock>();
            foreach (var tile in tiles.Where(t => t.AdmissionId is not null))
            {
                var id = tile.AdmissionId!.Value;
                if (await admissions.GetOpenUncheckedAsync(id, cancellationToken) is not { } admission)
                {
                    continue;
                }
                var given = await DoseFacts.ValidDosesAsync(session, id, cancellationToken);
                var watch = DoseRules.Watch(given, await DoseFacts.SubstancesAsync(session, admission, cancellationToken), now, settings);
                patients.Add(new PatientBlock(
                    tile.Bed,
                    id,
                    admission.DisplayName,
                    tile.AgeYears,
                    admission.AdmittedAt,
                    DayOfStay(admission.AdmittedAt, now, zone),
                    await doses.SubstancesAsync(id, admission.SubstanceList, cancellationToken),
                    tile.News2,
                    [.. trend[id].Select(t => new News2Point(t.ObservedAt, t.Total, t.Band))],
                    tile.Assessments,
                    [.. open[id]],
                    await doses.OfAdmissionAsync(id, now - RecentWindow, cancellationToken),
                    watch is null ? [] : [new WatchView("naloxone-resedation", watch.LastNaloxone.GivenAt, watch.Until, watch.LongActing)],
                    tile.Due,
                    tile.Monitor,
                    [.. notDone[id]]));
            }
            await audit.RecordAsync("handover.read", null, $"ward/{query.Ward}/handover", cancellationToken);
            return new HandoverView(query.Ward, view.Name, zone.Id, now, patients);
        }
    }

    /// <summary>Day 1 is the day of admission on the ward's calendar.</summary>
    public static int DayOfStay(DateTimeOffset admittedAt, DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).DayNumber - DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(admittedAt, zone).DateTime).DayNumber + 1;

    private sealed record TrendRow
    {
        public Guid AdmissionId { get; init; }
        public DateTimeOffset ObservedAt { get; init; }
        public int Total { get; init; }
        public string Band { get; init; } = "";
    }
}
