using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Alerts;

public static class ListWardAlerts
{
    public sealed record Query(string Ward, string? Status) : IQuery<IReadOnlyList<AlertView>>;

    public sealed class Handler(WardLookup wards, CurrentUser user, AlertReader reader, AuditTrail audit)
        : IQueryHandler<Query, IReadOnlyList<AlertView>>
    {
        public async ValueTask<IReadOnlyList<AlertView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var statuses = AlertStatuses.FromQuery(query.Status)
                ?? throw RequestValidationException.For("status", "status is active, acknowledged, resolved or open.");
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var alerts = await reader.OfWardAsync(query.Ward, statuses, cancellationToken);
            await audit.RecordAsync("alerts.listed", null, $"ward/{query.Ward}/alerts", cancellationToken);
            return alerts;
        }
    }
}
