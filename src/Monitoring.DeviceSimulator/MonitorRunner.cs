namespace Monitoring.DeviceSimulator;

/// <summary>Runs monitors against a receiver: each on its own connection, one message per period, reconnecting when it drops.</summary>
public sealed class MonitorRunner(string host, int port, TimeSpan period, Action<string>? log = null)
{
    private long _accepted;
    private long _refused;
    private long _failed;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Failed => Interlocked.Read(ref _failed);

    public Task RunAsync(IEnumerable<SimulatedMonitor> monitors, CancellationToken cancellationToken) =>
        Task.WhenAll(monitors.Select(monitor => RunAsync(monitor, cancellationToken)));

    private async Task RunAsync(SimulatedMonitor monitor, CancellationToken cancellationToken)
    {
        await using var sender = new MllpSender(host, port);
        var started = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(period);
        try
        {
            do
            {
                var now = DateTimeOffset.UtcNow;
                if (!monitor.Sends(now - started))
                {
                    continue;
                }
                try
                {
                    if (!sender.Connected)
                    {
                        await sender.ConnectAsync(cancellationToken);
                    }
                    var (code, _) = await sender.SendAsync(monitor.NextMessage(now, now - started), cancellationToken);
                    Interlocked.Increment(ref code == "AA" ? ref _accepted : ref _refused);
                    if (code != "AA")
                    {
                        log?.Invoke($"{monitor.Bed}: answered {code}");
                    }
                }
                catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    Interlocked.Increment(ref _failed);
                    log?.Invoke($"{monitor.Bed}: {exception.GetType().Name}, reconnecting");
                    await sender.DisposeAsync();
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
