using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Charting.Doses;

/// <summary>
/// A dose marked entered-in-error through the same endpoint as observations: a correction row of its
/// own, the alerts only it supported resolved, and the checks it called for dropped from the schedule.
/// </summary>
public sealed class DoseCorrection(
    DbSession session,
    AdmissionAccess access,
    CurrentUser user,
    AuditTrail audit,
    AlertWriter alerts,
    ChartReader chart,
    WardLookup wards,
    Outbox outbox,
    TimeProvider clock)
{
    private const string FindDose = "SELECT admission_id FROM doses WHERE id = @DoseId";

    private const string InsertCorrection = """
        INSERT INTO dose_corrections (id, dose_id, reason, corrected_by, corrected_at)
        VALUES (@Id, @DoseId, @Reason, @CorrectedBy, @CorrectedAt)
        """;

    // Open alerts this dose raised that no other valid dose and no valid observation supports.
    private const string AlertsOnlyFromDose = """
        SELECT a.id FROM alerts a
        JOIN dose_alerts l ON l.alert_id = a.id AND l.dose_id = @DoseId
        WHERE a.status <> 'resolved'
          AND NOT EXISTS (
              SELECT 1 FROM dose_alerts o
              LEFT JOIN dose_corrections c ON c.dose_id = o.dose_id
              WHERE o.alert_id = a.id AND o.dose_id <> @DoseId AND c.id IS NULL)
          AND NOT EXISTS (
              SELECT 1 FROM alert_events e
              LEFT JOIN observation_corrections c ON c.observation_id = e.observation_id
              WHERE e.alert_id = a.id AND e.observation_id IS NOT NULL AND c.id IS NULL)
        """;

    /// <summary>Null when no dose has the id: the caller answers 404 as for an unknown observation.</summary>
    public async Task<Correction?> TryMarkAsync(Guid doseId, string reason, CancellationToken cancellationToken)
    {
        var admissionId = await session.QuerySingleOrDefaultAsync<Guid?>(FindDose, new { DoseId = doseId }, cancellationToken);
        if (admissionId is null)
        {
            return null;
        }
        var admission = await access.GetVisibleAsync(admissionId.Value, $"Observation {doseId} does not exist.", cancellationToken);
        var correctedAt = clock.GetUtcNow();
        try
        {
            await session.ExecuteAsync(InsertCorrection, new { Id = Guid.CreateVersion7(), DoseId = doseId, Reason = reason, CorrectedBy = user.Id, CorrectedAt = correctedAt }, cancellationToken);
        }
        catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            throw new ConflictException($"Dose {doseId} is already marked entered-in-error.");
        }
        foreach (var alertId in await session.QueryAsync<Guid>(AlertsOnlyFromDose, new { DoseId = doseId }, cancellationToken))
        {
            await alerts.ResolveAsync(alertId, user.Id, $"Raised only by a dose entered in error: {reason}", cancellationToken);
        }
        if (admission.IsOpen)
        {
            await ObservationScheduler.RescheduleAsync(session, chart, admission, await wards.SettingsAsync(admission.WardCode, cancellationToken), cancellationToken);
        }
        outbox.Enqueue(admission.WardCode, WardEventTypes.CensusChanged, admission.Id, null, null);
        await audit.RecordAsync("dose.entered-in-error", admission.Id, $"dose/{doseId}", cancellationToken);
        return new Correction(doseId, admission.Id, "dose", "entered-in-error", reason, user.Username, correctedAt);
    }
}
