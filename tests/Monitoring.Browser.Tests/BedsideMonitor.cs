using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Monitoring.Browser.Tests;

/// <summary>A bedside monitor as the tests play it: IHE PCD-01 ORU^R01 messages over MLLP to the service, each answered AA.</summary>
public sealed class BedsideMonitor : IAsyncDisposable
{
    public const string Percent = "262688";
    public const string PerMinute = "264864";
    public const string Breaths = "264928";
    public const string MmHg = "266016";
    public const string Celsius = "268192";

    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly string _device = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
    private NetworkStream _stream = null!;
    private int _sent;

    public static async Task<BedsideMonitor> ConnectAsync()
    {
        var monitor = new BedsideMonitor();
        await monitor._tcp.ConnectAsync("127.0.0.1", BrowserSuite.MllpPort);
        monitor._stream = monitor._tcp.GetStream();
        return monitor;
    }

    /// <summary>One message of numerics (MDC code, value, MDC unit) measured at <paramref name="at"/>; fails unless answered AA.</summary>
    public async Task SendAsync(string mrn, string bed, DateTimeOffset at, params (int Code, string Value, string Unit)[] numerics)
    {
        var time = at.UtcDateTime.ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture) + "+0000";
        var control = $"{_device}-{++_sent}";
        var segments = new List<string>
        {
            $@"MSH|^~\&|TESTMON^{_device}^EUI-64|WARD|||{time}||ORU^R01^ORU_R01|{control}|P|2.6|||AL|NE||UNICODE UTF-8",
            $"PID|||{mrn}^^^HOSP^MR",
            $"PV1||I|ward^room^{bed}",
            $"OBR|1|||182777000^monitoring of patient^SCT|||{time}",
        };
        segments.AddRange(numerics.Select((n, i) => $"OBX|{i + 1}|NM|{n.Code}^^MDC|1.1.1.{i + 1}|{n.Value}|{n.Unit}^^MDC|||||R|||{time}"));
        var frame = new List<byte> { 0x0B };
        frame.AddRange(Encoding.UTF8.GetBytes(string.Join('\r', segments) + "\r"));
        frame.AddRange([0x1C, 0x0D]);
        await _stream.WriteAsync(frame.ToArray());
        var ack = await ReadAckAsync();
        Assert.That(ack, Does.Contain($"MSA|AA|{control}"), ack);
    }

    /// <summary>A vital-signs set the way a monitor sends it: SpO2, RR, HR, NIBP and temperature.</summary>
    public Task SendVitalsAsync(string mrn, string bed, DateTimeOffset at, int spo2, int rr, int hr = 72, int systolic = 120, int diastolic = 80, string temperature = "37.2") =>
        SendAsync(mrn, bed, at,
            (150456, spo2.ToString(CultureInfo.InvariantCulture), Percent),
            (151562, rr.ToString(CultureInfo.InvariantCulture), Breaths),
            (147842, hr.ToString(CultureInfo.InvariantCulture), PerMinute),
            (150021, systolic.ToString(CultureInfo.InvariantCulture), MmHg),
            (150022, diastolic.ToString(CultureInfo.InvariantCulture), MmHg),
            (150344, temperature, Celsius));

    private async Task<string> ReadAckAsync()
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(received.Count >= 2 && received[^2] == 0x1C && received[^1] == 0x0D))
        {
            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException("The service closed the connection.");
            }
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
        return Encoding.UTF8.GetString([.. received.Where(b => b is not (0x0B or 0x1C))]);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
