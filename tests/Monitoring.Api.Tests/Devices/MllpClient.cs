using System.Net.Sockets;
using System.Text;
using Monitoring.Api.Devices.Mllp;

namespace Monitoring.Api.Tests.Devices;

/// <summary>A monitor or gateway as the tests play it: an MLLP connection that sends frames and reads acknowledgements.</summary>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly List<byte> _received = [];
    private NetworkStream _stream = null!;

    public static async Task<MllpClient> ConnectAsync(int port)
    {
        var client = new MllpClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public static byte[] Frame(string message) => MllpFramer.Wrap(Encoding.UTF8.GetBytes(message));

    /// <summary>Sends one message and answers its acknowledgement's text.</summary>
    public async Task<string> SendAsync(string message)
    {
        await WriteAsync(Frame(message));
        return await ReadAckAsync();
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next acknowledgement's text (between the frame's blocks); throws when the connection ends first.</summary>
    public async Task<string> ReadAckAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var end = _received.IndexOf(MllpFramer.EndBlock);
            if (end >= 0 && end + 1 < _received.Count)
            {
                var start = _received.IndexOf(MllpFramer.StartBlock);
                var text = Encoding.UTF8.GetString([.. _received.Skip(start + 1).Take(end - start - 1)]);
                _received.RemoveRange(0, end + 2);
                return text;
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException("The service closed the connection.");
            }
            _received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    /// <summary>Whether the service has closed the connection (reads until the end, discarding anything else).</summary>
    public async Task<bool> ClosedByServiceAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        _tcp.Dispose();
    }
}

/// <summary>An acknowledgement read back: MSA-1, MSA-2 and the ERR code, if any.</summary>
public sealed record Ack(string Code, string ControlId, string? ErrorCode, string Text)
{
    public static Ack Parse(string text)
    {
        var segments = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        var msa = segments.Single(s => s.StartsWith("MSA|", StringComparison.Ordinal)).Split('|');
        var err = segments.FirstOrDefault(s => s.StartsWith("ERR|", StringComparison.Ordinal))?.Split('|')[3].Split('^')[0];
        return new Ack(msa[1], msa[2], err, text);
    }
}
