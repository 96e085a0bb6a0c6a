using System.Net.WebSockets;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>A client socket that can stop reading at a moment of the test's choosing, as a frozen tablet does.</summary>
public sealed class StallingWebSocket(WebSocket inner, StallingWebSocket.Switch stall) : WebSocket
{
    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        await stall.WhileStoppedAsync();
        return await inner.ReceiveAsync(buffer, cancellationToken);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await stall.WhileStoppedAsync();
        return await inner.ReceiveAsync(buffer, cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    /// <summary>Reading goes on until <see cref="Stop"/>, and resumes only at <see cref="Release"/> (the test's end).</summary>
    public sealed class Switch
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _stopped;

        public void Stop() => _stopped = true;

        public void Release() => _released.TrySetResult();

        public Task WhileStoppedAsync() => _stopped ? _released.Task : Task.CompletedTask;
    }
}
