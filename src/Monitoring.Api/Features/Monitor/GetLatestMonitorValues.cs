using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Monitor;

/// <summary>The median of each parameter's valid samples in the last 60 s, for the vitals form's "From monitor".</summary>
public static class GetLatestMonitorValues
{
    public sealed record Query(Guid AdmissionId) : IQuery<LatestView>;

    public sealed record LatestView(Guid AdmissionId, MonitorDevice Device, IReadOnlyDictionary<string, LatestValue> Parameters);

    public sealed class Handler(AdmissionAccess access, MonitorReader reader, DbSession session, AuditTrail audit) : IQueryHandler<Query, LatestView>
    {
        public async ValueTask<LatestView> Handle(Query query, CancellationToken cancellationToken)
        {
            await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var (device, latest) = await session.ReadSnapshotAsync(async () => (
                await reader.DeviceAsync(query.AdmissionId, cancellationToken),
                await reader.LatestAsync(query.AdmissionId, cancellationToken)), cancellationToken);
            await audit.RecordAsync("monitor.latest.read", query.AdmissionId, $"admission/{query.AdmissionId}/monitor/latest", cancellationToken);
            return new LatestView(query.AdmissionId, device, latest);
        }
    }
}
