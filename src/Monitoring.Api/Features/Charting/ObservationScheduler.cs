using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Doses;
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

    public static async Task RescheduleAsync(DbSession session, ChartReader chart, AdmissionFacts admission, WardSettings settings, CancellationToken cancellationToken)
    {
        var baseline = new Due(admission.AdmittedAt + BaselineWithin, "baseline after admission");
        var vitals = await chart.LatestVitalsAsync(admission.Id, cancellationToken);
        var cows = await chart.LatestCowsAsync(admission.Id, cancellationToken);

        var vitalsDue = vitals is null
            ? baseline
            : ObservationSchedule.NextVitals(vitals.ObservedAt, News2FromView(vitals), settings);
        Due? cowsDue = !admission.SubstanceList.Contains("opioid")
            ? null
            : cows is null ? baseline : ObservationSchedule.NextCows(cows.ObservedAt, cows.Total, settings);

        // Checks that doses call for (POSS + RR after sedating doses, the naloxone watch, COWS after the first buprenorphine) come sooner.
        var checks = await DoseFacts.OutstandingChecksAsync(session, admission, settings, cancellationToken);
        vitalsDue = Sooner(vitalsDue, DoseSchedule.Earliest(checks, DoseSchedule.PossRr, DoseSchedule.WatchVitals))!;
        cowsDue = Sooner(cowsDue, DoseSchedule.Earliest(checks, DoseSchedule.Cows));

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

    private static Due? Sooner(Due? scheduled, CheckDue? check) =>
        check is not null && (scheduled is null || check.DueAt < scheduled.At) ? new Due(check.DueAt, check.Basis) : scheduled;

    private static News2Result News2FromView(VitalsView vitals) => new(
        vitals.News2.Total, vitals.News2.Band, new Dictionary<News2Parameter, int>(), [], vitals.News2.NotComputedReason, null);
}
