using Monitoring.Api.Audit;
using Monitoring.Api.Data;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Every FHIR read is audited like the timeline's: one row per admission whose data was answered (one row
/// when none was), written together in one transaction.
/// </summary>
public sealed class FhirAudit(DbSession session, AuditTrail audit)
{
    private const int MaximumResourceLength = 1000;

    public async Task RecordAsync(string action, string resource, IEnumerable<FhirMatch> answered, CancellationToken cancellationToken)
    {
        var admissions = answered.Select(m => m.AdmissionId).Distinct().DefaultIfEmpty(null).ToList();
        var text = resource.Length > MaximumResourceLength ? resource[..MaximumResourceLength] : resource;
        await session.BeginAsync(cancellationToken);
        try
        {
            foreach (var admission in admissions)
            {
                await audit.RecordAsync(action, admission, text, cancellationToken);
            }
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.AbandonAsync();
            throw;
        }
    }
}
