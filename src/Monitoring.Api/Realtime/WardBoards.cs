using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Security;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Realtime;

/// <summary>
/// The dashboards connected to this instance and the wards each has joined. Each has its own bounded
/// send queue drained by its own loop, so <see cref="Publish"/> never waits for a client: a board that
/// stops reading (a stalled tablet, a stateful-reconnect buffer waiting for acks) fills only its own
/// queue, and is then disconnected to catch up through <c>JoinWard(ward, since)</c> when it comes back.
/// </summary>
public sealed class WardBoards
{
    private readonly IHubContext<WardHub, IWardClient> _hub;
    private readonly MonitoringTelemetry _telemetry;
    private readonly ILogger<WardBoards> _logger;

    public WardBoards(IHubContext<WardHub, IWardClient> hub, IConfiguration configuration, UserStateCache users, MonitoringTelemetry telemetry, ILogger<WardBoards> logger)
    {
        _hub = hub;
        _telemetry = telemetry;
        _logger = logger;
        _queueLength = Math.Clamp(configuration.GetValue(QueueLengthKey, 2048), 1, 1_000_000);
        // A user disabled, signed out or whose password changed stops receiving at once; rejoining is checked again.
        users.Changed += DisconnectUser;
    }

    // Events are shared by every board's queue, so a full queue holds references, not copies. It must
    // exceed the dispatcher's largest pass (500), which arrives as one burst even for a board that reads.
    public const string QueueLengthKey = "Monitoring:Realtime:SendQueueLength";

    private readonly int _queueLength;
    private readonly ConcurrentDictionary<string, Board> _boards = new();

    public void Connect(HubCallerContext connection)
    {
        var board = new Board(connection, Channel.CreateBounded<WardEvent>(new BoundedChannelOptions(_queueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        if (_boards.TryAdd(connection.ConnectionId, board))
        {
            _ = Task.Run(() => PumpAsync(board));
        }
    }

    public void Join(string connectionId, string ward)
    {
        if (_boards.TryGetValue(connectionId, out var board))
        {
            board.Wards[ward] = 0;
        }
    }

    public void Leave(string connectionId, string ward)
    {
        if (_boards.TryGetValue(connectionId, out var board))
        {
            board.Wards.TryRemove(ward, out _);
        }
    }

    /// <summary>The user and session of each board connected here, for the periodic check that they are still active.</summary>
    public IEnumerable<(string ConnectionId, Guid UserId, Guid? SessionId)> Sessions() =>
        _boards.Values.Select(board => (board.Connection.ConnectionId, UserOf(board.Connection), SessionOf(board.Connection))).Where(entry => entry.Item2 != Guid.Empty);

    public void DisconnectUser(Guid userId)
    {
        foreach (var board in _boards.Values.Where(board => UserOf(board.Connection) == userId))
        {
            End(board.Connection.ConnectionId);
        }
    }

    /// <summary>Ends the board's connection: its queue is dropped and the client is disconnected.</summary>
    public void End(string connectionId)
    {
        if (_boards.TryRemove(connectionId, out var board))
        {
            board.Queue.Writer.TryComplete();
            board.Connection.Abort();
        }
    }

    private static Guid UserOf(HubCallerContext connection) =>
        Guid.TryParse(connection.User?.FindFirst(Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames.Sub)?.Value, out var id) ? id : Guid.Empty;

    private static Guid? SessionOf(HubCallerContext connection) =>
        Guid.TryParse(connection.User?.FindFirst(TokenIssuer.SessionClaim)?.Value, out var id) ? id : null;

    public void Disconnect(string connectionId)
    {
        if (_boards.TryRemove(connectionId, out var board))
        {
            board.Queue.Writer.TryComplete();
        }
    }

    /// <summary>Set when instances share Redis: hands each event to the other instances' boards.</summary>
    public Action<string>? Relay { get; set; }

    /// <summary>Queues the event for its ward's boards here and, through <see cref="Relay"/>, on every other instance.</summary>
    public void PublishEverywhere(WardEvent wardEvent, string payload)
    {
        Publish(wardEvent);
        Relay?.Invoke(payload);
    }

    /// <summary>Queues the event for every board of its ward on this instance; returns at once.</summary>
    public void Publish(WardEvent wardEvent)
    {
        foreach (var board in _boards.Values)
        {
            if (!board.Wards.ContainsKey(wardEvent.Ward) || board.Queue.Writer.TryWrite(wardEvent))
            {
                continue;
            }
            // Full: this board is not keeping up. Dropping it costs it a reconnect and a catch-up; keeping
            // it would mean holding events without limit or losing them silently.
            if (board.Queue.Writer.TryComplete())
            {
                _telemetry.BoardDropped();
                _logger.LogWarning("Ward board connection {ConnectionId} fell {QueueLength} events behind and was disconnected; it catches up when it reconnects", board.Connection.ConnectionId, _queueLength);
                board.Connection.Abort();
                _boards.TryRemove(board.Connection.ConnectionId, out _);
            }
        }
    }

    private async Task PumpAsync(Board board)
    {
        var client = _hub.Clients.Client(board.Connection.ConnectionId);
        try
        {
            await foreach (var wardEvent in board.Queue.Reader.ReadAllAsync(board.Connection.ConnectionAborted))
            {
                await SendAsync(client, wardEvent);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended; what it missed it asks for by sequence when it rejoins.
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // A board that cannot be written to is ended rather than left silently behind.
            _logger.LogWarning("Sending to ward board connection {ConnectionId} failed ({Error}); it was disconnected", board.Connection.ConnectionId, exception.GetType().Name);
            board.Connection.Abort();
        }
    }

    public static Task SendAsync(IWardClient client, WardEvent wardEvent) => wardEvent.Type switch
    {
        WardEventTypes.AlertRaised => client.alertRaised(wardEvent),
        WardEventTypes.AlertChanged => client.alertChanged(wardEvent),
        WardEventTypes.ObservationRecorded => client.observationRecorded(wardEvent),
        WardEventTypes.CensusChanged => client.censusChanged(wardEvent),
        WardEventTypes.AudioPaused => client.audioPaused(wardEvent),
        _ => throw new InvalidOperationException($"Unknown ward event type {wardEvent.Type}."),
    };

    private sealed record Board(HubCallerContext Connection, Channel<WardEvent> Queue)
    {
        public ConcurrentDictionary<string, byte> Wards { get; } = new();
    }
}
