using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Wards;

public static class GetBoard
{
    public sealed record Query(string Ward) : IQuery<BoardView>;

    public sealed class Handler(WardLookup wards, CurrentUser user, BoardReader board, MonitorReader monitors, AuditTrail audit) : IQueryHandler<Query, BoardView>
    {
        public async ValueTask<BoardView> Handle(Query query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var view = await board.ReadAsync(query.Ward, cancellationToken);
            view = view with { Beds = MonitorTile.OnTiles(view.Beds, await monitors.TilesOfWardAsync(query.Ward, cancellationToken)) };
            await audit.RecordAsync("board.read", null, $"ward/{query.Ward}/board", cancellationToken);
            return view;
        }
    }
}
