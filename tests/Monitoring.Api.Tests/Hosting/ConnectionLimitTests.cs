using System.Net;
using System.Net.Sockets;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>
/// Idle connections past the process's descriptor budget are closed at once: the service stays alive (at the
/// open-files limit it used to end with "Out of memory.") and answers new connections once the idle ones go.
/// </summary>
[NonParallelizable]
public sealed class ConnectionLimitTests
{
    [Test]
    public async Task More_idle_connections_than_the_open_files_limit_leave_the_service_alive_and_answering()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, openFiles: 2048);
        var idle = await OpenIdleAsync(service, 2100);
        try
        {
            await WaitUntilAsync(() => service.Output.Contains("Connections refused", StringComparison.Ordinal) || service.HasExited);
            Assert.That(service.HasExited, Is.False, service.Output);
        }
        finally
        {
            Close(idle);
        }

        await AssertAnsweringAsync(service);
        Assert.That(service.Output, Does.Contain("Connections refused").And.Not.Contain("Out of memory"));
    }

    [Test]
    public async Task Past_the_configured_limit_a_new_connection_is_closed_at_once()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string> { ["Monitoring__Limits__MaxConnections"] = "20" });
        // Five past the budget. The start-up check's own connection may still hold a place, so five or six are
        // closed: by the service, at once, not after its 15 s header timeout (the reads give up at 10 s).
        var sockets = await OpenIdleAsync(service, 25);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var closed = await Task.WhenAll(sockets.Select(socket => ClosedByServiceAsync(socket, timeout.Token)));
            var refused = 25 - sockets.Count + closed.Count(isClosed => isClosed);
            Assert.That(refused, Is.InRange(5, 6), "the connections past the budget, and only those, are closed at once");
        }
        finally
        {
            Close(sockets);
        }

        await AssertAnsweringAsync(service);
    }

    // True when the service closed the connection (the read ends: 0 bytes or a reset), false when it is still open.
    private static async Task<bool> ClosedByServiceAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadOrResetAsync(socket, cancellationToken) <= 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<List<Socket>> OpenIdleAsync(ServiceProcess service, int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, service.BaseAddress.Port, timeout.Token);
                    sockets.Add(socket);
                }
                catch (SocketException)
                {
                    // Past the budget the service closes a connection as it accepts it, which can reset the connect itself.
                    socket.Dispose();
                }
            }
        }
        catch
        {
            Close(sockets);
            throw;
        }
        return sockets;
    }

    private static void Close(List<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private static async Task<int> ReadOrResetAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            return -1;
        }
    }

    private static async Task AssertAnsweringAsync(ServiceProcess service)
    {
        // Refused connections may still be closing on the service's side: a new one is answered within seconds.
        using var client = service.CreateClient();
        HttpStatusCode? live = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                live = response.StatusCode;
                return live == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        Assert.That(live, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await service.TokenAsync("admin", ServiceProcess.AdminPassword), Is.Not.Empty);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // A bound for a loaded test machine, not an expected time: the conditions usually hold within a second.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
