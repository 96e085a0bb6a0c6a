using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using Monitoring.Api.Devices.Ingest;

namespace Monitoring.Api.Devices.Mllp;

/// <summary>
/// One MLLP connection of a monitor or gateway, served by Kestrel: many messages in turn, each answered in
/// order once handled. Senders outside AllowedSenders are closed at connect; an idle connection is closed
/// after the idle limit; at shutdown the message in hand is finished and answered before the connection closes.
/// </summary>
public sealed class MllpConnectionHandler(MonitorIngest ingest, DeviceAudit audit, DeviceTelemetry telemetry, IOptions<DevicesOptions> options, ILogger<MllpConnectionHandler> logger)
    : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        var sender = address.ToString();
        if (!options.Value.Allows(address))
        {
            telemetry.ConnectionRefused();
            logger.LogWarning("MLLP connection from {Sender} closed: not an allowed sender", sender);
            connection.Abort(new ConnectionAbortedException("Sender not allowed."));
            return;
        }
        await audit.RecordAsync("device.connection.opened", sender, "mllp");
        try
        {
            await ServeAsync(connection, sender);
        }
        catch (Exception exception) when (exception is ConnectionResetException or IOException or ConnectionAbortedException)
        {
            // The sender went away; what it was not answered it sends again.
        }
        finally
        {
            await audit.RecordAsync("device.connection.closed", sender, "mllp");
        }
    }

    private async Task ServeAsync(ConnectionContext connection, string sender)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var framer = new MllpFramer(DevicesOptions.MaximumFrameBytes);
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        var idle = TimeSpan.FromSeconds(options.Value.IdleTimeoutSeconds);
        while (!shutdown.IsCancellationRequested)
        {
            ReadResult result;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(shutdown, connection.ConnectionClosed))
            {
                wait.CancelAfter(idle);
                try
                {
                    result = await input.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var buffer = result.Buffer;
            var close = false;
            while (!close)
            {
                var found = framer.TryRead(ref buffer, out var frame);
                if (found == MllpFramer.Result.NeedMore)
                {
                    break;
                }
                // The message in hand is finished and answered even while the service stops.
                var answer = found == MllpFramer.Result.Frame ? await ingest.AcceptAsync(frame, sender) : await ingest.RefuseOversizedAsync(sender);
                await output.WriteAsync(MllpFramer.Wrap(answer.Ack), CancellationToken.None);
                await answer.Audited;
                close = found == MllpFramer.Result.TooLarge || shutdown.IsCancellationRequested;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (close || result.IsCompleted)
            {
                return;
            }
        }
    }
}
