using System.Diagnostics;

namespace Monitoring.Benchmark;

public sealed record LoadResult(string Name, long Succeeded, long Failed, double PerSecond, LatencySummary Latency, long PeakWorkingSetBytes);

/// <summary>Closed-loop (C workers as fast as answered) and open-loop (fixed arrival rate) load.</summary>
public static class Load
{
    public static async Task<LoadResult> ClosedAsync(string name, int workers, TimeSpan duration, int pid, Func<int, long, Task<bool>> operation)
    {
        var latency = new Latency();
        long succeeded = 0, failed = 0;
        await using var memory = new ProcessMemory(pid);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (long i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await Safe(() => operation(worker, i));
                latency.Record(Stopwatch.GetElapsedTime(started));
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await memory.DisposeAsync();
        return new LoadResult(name, succeeded, failed, succeeded / seconds, latency.Summary(), memory.PeakWorkingSetBytes);
    }

    /// <summary>
    /// Sends at a fixed rate whatever the answers do, and measures from the intended send time, so a
    /// stall shows as the latency every waiting reading really saw (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> OpenAsync(string name, int perSecond, TimeSpan duration, int pid, Func<long, Task<bool>> operation)
    {
        var latency = new Latency();
        long succeeded = 0, failed = 0;
        await using var memory = new ProcessMemory(pid);
        var total = (long)(perSecond * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>((int)total);
        for (long i = 0; i < total; i++)
        {
            var intended = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                var ok = await Safe(() => operation(index));
                latency.Record(Stopwatch.GetElapsedTime(intended));
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }));
        }
        await Task.WhenAll(inFlight);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await memory.DisposeAsync();
        return new LoadResult(name, succeeded, failed, succeeded / seconds, latency.Summary(), memory.PeakWorkingSetBytes);
    }

    private static async Task<bool> Safe(Func<Task<bool>> operation)
    {
        try
        {
            return await operation();
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
