using System.Globalization;

namespace Monitoring.Benchmark;

/// <summary>Samples the service process's resident memory from /proc while a scenario runs.</summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    // Not disposed: a scenario stops sampling before reading the peak, then again when it ends.
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ProcessMemory(int pid)
    {
        _pid = pid;
        _sampling = Task.Run(SampleAsync);
    }

    public long PeakWorkingSetBytes { get; private set; }

    public static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Stops sampling; safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _sampling;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (ResidentBytes(_pid) is { } bytes && bytes > PeakWorkingSetBytes)
            {
                PeakWorkingSetBytes = bytes;
            }
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
