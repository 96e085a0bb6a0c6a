using System.Net.Sockets;
using System.Text;

namespace Monitoring.DeviceSimulator;

/// <summary>One MLLP connection: sends a frame and reads its acknowledgement (MSA-1 and the ERR code if any).</summary>
public sealed class MllpSender(string host, int port) : IAsyncDisposable
{
    private const byte StartBlock = 0x0B;
    private const byte EndBlock = 0x1C;
    private const byte CarriageReturn = 0x0D;

    private readonly byte[] _buffer = new byte[8192];
    private readonly List<byte> _pending = [];
    private TcpClient? _tcp;
    private NetworkStream? _stream;

    public bool Connected => _tcp?.Connected == true;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync();
        _tcp = new TcpClient { NoDelay = true };
        await _tcp.ConnectAsync(host, port, cancellationToken);
        _stream = _tcp.GetStream();
    }

    /// <summary>Sends one message and answers its acknowledgement's code (AA, AE, AR) and the whole text.</summary>
    public async Task<(string Code, string Ack)> SendAsync(string message, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException("Not connected.");
        var body = Encoding.UTF8.GetBytes(message);
        var frame = new byte[body.Length + 3];
        frame[0] = StartBlock;
        body.CopyTo(frame, 1);
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        await stream.WriteAsync(frame, cancellationToken);
        var ack = await ReadFrameAsync(stream, cancellationToken);
        var msa = ack.Split('\r').FirstOrDefault(s => s.StartsWith("MSA|", StringComparison.Ordinal))?.Split('|');
        return (msa is { Length: > 1 } ? msa[1] : "??", ack);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
        _tcp?.Dispose();
        _stream = null;
        _tcp = null;
        _pending.Clear();
    }

    private async Task<string> ReadFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _pending.IndexOf(EndBlock);
            if (end >= 0 && end + 1 < _pending.Count)
            {
                var start = _pending.IndexOf(StartBlock);
                var text = Encoding.UTF8.GetString([.. _pending.GetRange(start + 1, end - start - 1)]);
                _pending.RemoveRange(0, end + 2);
                return text;
            }
            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The receiver closed the connection.");
            }
            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }
}
