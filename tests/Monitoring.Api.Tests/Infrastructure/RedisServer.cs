using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>Debian's redis-server on a free loopback port, with no persistence, for the life of a test.</summary>
public sealed class RedisServer : IDisposable
{
    public static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The <c>Monitoring:Redis</c> value that points a service at this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static string? Executable => Candidates.FirstOrDefault(File.Exists);

    public static RedisServer Start()
    {
        var executable = Executable ?? throw new FileNotFoundException("redis-server is not installed (tests/tools/install-test-deps.sh installs it).");
        var port = FreePort();
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
        var server = new RedisServer(process, port);
        server.WaitUntilListening();
        return server;
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already disposed.
        }
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        Dispose();
        throw new TimeoutException($"redis-server did not listen on {Port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
