using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Realtime;

/// <summary>
/// A board keeps its connection for hours: every <see cref="UserStateCache.MaximumAge"/> the users and
/// sessions of the boards connected here are read again, and a board whose user was disabled or whose
/// session ended (on any instance) is disconnected. On the instance that made the change it happens at once.
/// </summary>
public sealed class BoardSessionCheck(WardBoards boards, ConnectionFactory factory, ILogger<BoardSessionCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(UserStateCache.MaximumAge);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
            {
                logger.LogWarning("Could not check the sessions of connected boards ({Error}); trying again later", exception.GetType().Name);
            }
        }
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var session = new DbSession(factory);
        foreach (var group in boards.Sessions().GroupBy(board => (board.UserId, board.SessionId)))
        {
            var state = await UserStateCache.ReadAsync(session, group.Key.UserId, group.Key.SessionId, cancellationToken);
            if (state is { Active: true })
            {
                continue;
            }
            foreach (var board in group)
            {
                boards.End(board.ConnectionId);
            }
        }
    }
}
