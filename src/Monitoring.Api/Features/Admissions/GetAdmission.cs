using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;

namespace Monitoring.Api.Features.Admissions;

public static class GetAdmission
{
    public sealed record Query(Guid AdmissionId) : IQuery<AdmissionView>;

    public sealed class Handler(AdmissionAccess access, AdmissionReader reader, AuditTrail audit) : IQueryHandler<Query, AdmissionView>
    {
        public async ValueTask<AdmissionView> Handle(Query query, CancellationToken cancellationToken)
        {
            await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var view = await reader.ReadAsync(query.AdmissionId, cancellationToken);
            await audit.RecordAsync("admission.read", query.AdmissionId, $"admission/{query.AdmissionId}", cancellationToken);
            return view;
        }
    }
}
