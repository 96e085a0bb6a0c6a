using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Doses;

/// <summary>An admission's doses in time order, entered-in-error ones marked, and the checks still owed.</summary>
public static class ListDoses
{
    public sealed record Query(Guid AdmissionId, DateTimeOffset? Since = null) : IQuery<DosesView>;

    public sealed record DosesView(Guid AdmissionId, IReadOnlyList<DoseView> Doses, IReadOnlyList<CheckDueView> ChecksDue);

    public sealed class Handler(DbSession session, AdmissionAccess access, DoseReader reader, WardLookup wards, AuditTrail audit) : IQueryHandler<Query, DosesView>
    {
        public async ValueTask<DosesView> Handle(Query query, CancellationToken cancellationToken)
        {
            var admission = await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var doses = await reader.OfAdmissionAsync(query.AdmissionId, query.Since ?? DateTimeOffset.MinValue, cancellationToken);
            var checks = admission.IsOpen
                ? await DoseFacts.OutstandingChecksAsync(session, admission, await wards.SettingsAsync(admission.WardCode, cancellationToken), cancellationToken)
                : [];
            await audit.RecordAsync("doses.read", query.AdmissionId, $"admission/{query.AdmissionId}/doses", cancellationToken);
            return new DosesView(query.AdmissionId, doses, [.. checks.Select(CheckDueView.Of)]);
        }
    }
}
