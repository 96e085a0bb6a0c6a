using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Observations;

/// <summary>
/// Keeps each admission's next-due time per kind (vitals, and every scale the admission is assessed on),
/// derived from its latest valid observations. A new admission is due its baseline within the first hour.
/// </summary>
public static class ObservationScheduler
{
    public const string VitalsKind = "vitals";

    public static readonly TimeSpan BaselineWithin = TimeSpan.FromHours(1);

    private const string Update = """
        UPDATE observation_schedules SET next_due = @NextDue, basis = @Basis, set_at = @SetAt, dose_id = @DoseId
        WHERE admission_id = @AdmissionId AND kind = @Kind
        """;

    private const string Insert = """
        INSERT INTO observation_schedules (admission_id, kind, next_due, basis, set_at, dose_id)
        VALUES (@AdmissionId, @Kind, @NextDue, @Basis, @SetAt, @DoseId)
        """;

    private const string Remove = "DELETE FROM observation_schedules WHERE admission_id = @AdmissionId AND kind = @Kind";

    /// <summary>
    /// Works out every kind's next due time again. <paramref name="newScalesFrom"/>: a scale the admission is not yet
    /// scheduled for (the ward chose another opioid scale) has its baseline within the hour after that moment, not after
    /// the admission: switching scales must not make every patient's first assessment on it overdue at once.
    /// </summary>
    public static async Task RescheduleAsync(DbSession session, ChartReader chart, AdmissionFacts admission, WardSettings settings, CancellationToken cancellationToken,
        DateTimeOffset? newScalesFrom = null)
    {
        var scheduled = newScalesFrom is null ? [] : (await ReadAsync(session, admission.Id, cancellationToken)).Select(row => row.Kind).ToHashSet();
        var baseline = new Due(admission.AdmittedAt + BaselineWithin, "baseline after admission");
        // Checks that doses call for (POSS + RR after sedating doses, the naloxone watch, COWS after the first buprenorphine) come sooner.
        var checks = await DoseFacts.OutstandingChecksAsync(session, admission, settings, cancellationToken);
        var vitalsCheck = DoseSchedule.Earliest(checks, DoseSchedule.PossRr, DoseSchedule.WatchVitals);
        var vitals = Sooner(await NextVitalsAsync(chart, admission, baseline, settings, cancellationToken), vitalsCheck)!;
        var lastVitals = (await chart.LatestVitalsAsync(admission.Id, cancellationToken))?.ObservedAt;
        var vitalsDue = Earlier(vitals, await RetryAsync(session, admission.Id, VitalsKind, lastVitals, cancellationToken));
        await SetAsync(session, admission.Id, VitalsKind, vitalsDue, DoseOf(vitalsDue, vitalsCheck), cancellationToken);

        foreach (var scale in AssessmentScales.All)
        {
            // A scale follows the substances, and also what is charted: once scored on an admission, it is reassessed.
            var check = DoseSchedule.Earliest(checks, scale.Kind);
            var latest = await chart.LatestAssessmentAsync(admission.Id, scale.Kind, cancellationToken);
            if (!scale.IsScheduledFor(admission.SubstanceList, settings) && check is null && latest is null)
            {
                if (await session.ExecuteAsync(Remove, new { AdmissionId = admission.Id, scale.Kind }, cancellationToken) > 0)
                {
                    await ObservationRounds.EndAsync(session, admission.Id, scale.Kind, cancellationToken);
                }
                continue;
            }
            var due = latest is not null ? scale.NextDue(latest.ObservedAt, latest.Total, settings)
                : !scale.IsScheduledFor(admission.SubstanceList, settings) ? null
                : newScalesFrom is { } from && !scheduled.Contains(scale.Kind) && from + BaselineWithin > baseline.At
                    ? new Due(from + BaselineWithin, $"baseline after the ward chose {scale.Name}")
                    : baseline;
            var retry = await RetryAsync(session, admission.Id, scale.Kind, latest?.ObservedAt, cancellationToken);
            var scaleDue = Earlier(Sooner(due, check)!, retry);
            await SetAsync(session, admission.Id, scale.Kind, scaleDue, DoseOf(scaleDue, check), cancellationToken);
        }
    }

    // A round not done since the last observation of its kind keeps a retry due within 30 min of it, whatever moves the schedule.
    private const string NotDoneSince = """
        SELECT at FROM observations_not_done WHERE admission_id = @AdmissionId AND kind = @Kind AND at > @Since ORDER BY at DESC
        """;

    private static async Task<Due?> RetryAsync(DbSession session, Guid admissionId, string kind, DateTimeOffset? lastObserved, CancellationToken cancellationToken)
    {
        var notDone = await session.QueryAsync<DateTimeOffset>(session.Dialect.Top(1, NotDoneSince),
            new { AdmissionId = admissionId, Kind = kind, Since = lastObserved ?? DateTimeOffset.MinValue }, cancellationToken);
        return notDone.Count == 0 ? null : NotDoneRounds.Retry(notDone[0], kind);
    }

    private static Due Earlier(Due due, Due? other) => other is not null && other.At < due.At ? other : due;

    public sealed record ScheduleRow
    {
        public string Kind { get; init; } = "";
        public DateTimeOffset NextDue { get; init; }
        public string Basis { get; init; } = "";
    }

    private const string Read = """
        SELECT kind AS Kind, next_due AS NextDue, basis AS Basis FROM observation_schedules WHERE admission_id = @AdmissionId
        """;

    /// <summary>What the admission is due, per kind.</summary>
    public static Task<IReadOnlyList<ScheduleRow>> ReadAsync(DbSession session, Guid admissionId, CancellationToken cancellationToken) =>
        session.QueryAsync<ScheduleRow>(Read, new { AdmissionId = admissionId }, cancellationToken);

    // From the latest complete set on, each incomplete set may bring the due time forward but never push it back;
    // a patient on sedation rechecks (POSS 3 or more, RR under 10) is due sooner still.
    private static async Task<Due> NextVitalsAsync(ChartReader chart, AdmissionFacts admission, Due baseline, WardSettings settings, CancellationToken cancellationToken)
    {
        var latestComplete = await chart.LatestCompleteVitalsAsync(admission.Id, cancellationToken);
        var since = latestComplete?.ObservedAt ?? admission.AdmittedAt - TimeSpan.FromDays(1);
        var valid = (await chart.VitalsAsync(admission.Id, since - SedationLookBack, cancellationToken)).Where(set => set.EnteredInError is null).ToList();
        // Two complete sets within minutes that disagree by a band: the worse decides until a later set settles it.
        var complete = DecisiveSet.Of([.. valid.Where(set => set.News2.Band is not null).Reverse()], set => set.ObservedAt, set => set.News2.Band!.Value) ?? latestComplete;
        var due = complete is null ? baseline : ObservationSchedule.NextVitals(complete.ObservedAt, News2FromView(complete), settings);
        foreach (var later in valid.Where(set => set.ObservedAt >= since && set.Id != complete?.Id && set.News2.Total is null))
        {
            due = ObservationSchedule.NextVitals(later.ObservedAt, News2FromView(later), settings, due);
        }
        var recheck = ObservationSchedule.SedationRecheck(valid.Select(SedationOf), settings);
        return recheck is not null && recheck.At < due.At ? recheck : due;
    }

    // A drowsy set shortly before the latest complete one still calls for its recheck when that set charted no POSS.
    private static readonly TimeSpan SedationLookBack = TimeSpan.FromHours(12);

    private static SedationReading SedationOf(VitalsView set) =>
        new(set.ObservedAt, set.RespiratoryRate, Poss.TryParse(set.Sedation, out var level) ? level : null);

    /// <summary>The name a nurse reads for a kind: "Vital signs", or the scale's name.</summary>
    public static string NameOf(string kind) => kind == VitalsKind ? "Vital signs" : AssessmentScales.Find(kind)?.Name ?? kind;

    /// <summary>Vital signs first, then the scales in the order they are described.</summary>
    public static int DisplayOrder(string kind) => kind == VitalsKind ? -1 : AssessmentScales.All.ToList().FindIndex(scale => scale.Kind == kind);

    /// <summary>Sets one kind's next due time.</summary>
    public static Task SetAsync(DbSession session, Guid admissionId, string kind, Due due, CancellationToken cancellationToken) =>
        SetAsync(session, admissionId, kind, due, null, cancellationToken);

    /// <summary>Sets one kind's next due time, a check that <paramref name="doseId"/> called for when given; a time that moves begins a round (<see cref="ObservationRounds"/>).</summary>
    public static async Task SetAsync(DbSession session, Guid admissionId, string kind, Due due, Guid? doseId, CancellationToken cancellationToken)
    {
        var row = new { AdmissionId = admissionId, Kind = kind, NextDue = due.At, due.Basis, SetAt = session.Now, DoseId = doseId };
        if (await session.ExecuteAsync(Update, row, cancellationToken) == 0)
        {
            await session.ExecuteAsync(Insert, row, cancellationToken);
        }
    }

    // The dose whose check the due time is, when the check decided it.
    private static Guid? DoseOf(Due due, CheckDue? check) => check is not null && due.At == check.DueAt && due.Basis == check.Basis ? check.DoseId : null;

    private static Due? Sooner(Due? scheduled, CheckDue? check) =>
        check is not null && (scheduled is null || check.DueAt < scheduled.At) ? new Due(check.DueAt, check.Basis) : scheduled;

    private static News2Result News2FromView(VitalsView vitals) => new(
        vitals.News2.Total,
        vitals.News2.Band,
        Enum.GetValues<News2Parameter>()
            .Where(parameter => vitals.News2.Parameters.ContainsKey(ObservationMapping.Name(parameter)))
            .ToDictionary(parameter => parameter, parameter => vitals.News2.Parameters[ObservationMapping.Name(parameter)]),
        [],
        vitals.News2.NotComputedReason,
        null);
}
