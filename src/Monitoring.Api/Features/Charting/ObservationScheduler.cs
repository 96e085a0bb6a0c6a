using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Charting;

/// <summary>
/// Keeps each admission's next-due times, derived from its latest valid observations. A new admission
/// is due its baseline observations within the first hour; COWS is scheduled for opioid admissions.
/// </summary>
public static class ObservationScheduler
{
    public static readonly TimeSpan BaselineWithin = TimeSpan.FromHours(1);

    private const string Update = """
        UPDATE observation_schedule
        SET next_vitals_due = @NextVitalsDue, next_cows_due = @NextCowsDue, vitals_basis = @VitalsBasis, cows_basis = @CowsBasis
        WHERE admission_id = @AdmissionId
        """;

    private const string Insert = """
        INSERT INTO observation_schedule (admission_id, next_vitals_due, next_cows_due, vitals_basis, cows_basis)
        VALUES (@AdmissionId, @NextVitalsDue, @NextCowsDue, @VitalsBasis, @CowsBasis)
        """;

    private const string Read = """
        SELECT next_vitals_due AS NextVitalsDue, next_cows_due AS NextCowsDue, vitals_basis AS VitalsBasis, cows_basis AS CowsBasis
        FROM observation_schedule WHERE admission_id = @AdmissionId
        """;

    public sealed record ScheduleRow
    {
        public DateTimeOffset? NextVitalsDue { get; init; }
        public DateTimeOffset? NextCowsDue { get; init; }
        public string? VitalsBasis { get; init; }
        public string? CowsBasis { get; init; }
    }

    public static Task<ScheduleRow?> ReadAsync(DbSession session, Guid admissionId, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<ScheduleRow>(Read, new { AdmissionId = admissionId }, cancellationToken);

    public static async Task RescheduleAsync(DbSession session, ChartReader chart, AdmissionFacts admission, WardSettings settings, CancellationToken cancellationToken)
    {
        var baseline = new Due(admission.AdmittedAt + BaselineWithin, "baseline after admission");
        var cows = await chart.LatestCowsAsync(admission.Id, cancellationToken);

        // From the latest complete set on, each incomplete set may bring the due time forward but never push it back.
        var complete = await chart.LatestCompleteVitalsAsync(admission.Id, cancellationToken);
        var vitalsDue = complete is null ? baseline : ObservationSchedule.NextVitals(complete.ObservedAt, News2FromView(complete), settings);
        var since = complete?.ObservedAt ?? admission.AdmittedAt - TimeSpan.FromDays(1);
        foreach (var later in await chart.VitalsAsync(admission.Id, since, cancellationToken))
        {
            if (later.EnteredInError is null && later.Id != complete?.Id && later.News2.Total is null)
            {
                vitalsDue = ObservationSchedule.NextVitals(later.ObservedAt, News2FromView(later), settings, vitalsDue);
            }
        }
        Due? cowsDue = !admission.SubstanceList.Contains("opioid")
            ? null
            : cows is null ? baseline : ObservationSchedule.NextCows(cows.ObservedAt, cows.Total, settings);

        var row = new
        {
            AdmissionId = admission.Id,
            NextVitalsDue = (DateTimeOffset?)vitalsDue.At,
            NextCowsDue = cowsDue?.At,
            VitalsBasis = vitalsDue.Basis,
            CowsBasis = cowsDue?.Basis,
        };
        if (await session.ExecuteAsync(Update, row, cancellationToken) == 0)
        {
            await session.ExecuteAsync(Insert, row, cancellationToken);
        }
    }

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
