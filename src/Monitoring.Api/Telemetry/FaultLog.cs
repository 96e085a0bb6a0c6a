using System.Collections.Concurrent;

namespace Monitoring.Api.Telemetry;

/// <summary>
/// A fault is logged once, with its cause, when it starts; every repeat is counted and summed up in one
/// line every <see cref="SummaryInterval"/>. A disk that fills must not also fill the log with a stack per
/// request. A fault that has been quiet for a whole interval is logged afresh when it comes back.
/// </summary>
public sealed class FaultLog(ILogger<FaultLog> logger, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, long> _repeats = new();

    /// <summary>Logs through <paramref name="first"/> if <paramref name="fault"/> is new or had gone quiet; else counts it.</summary>
    public void Record(string fault, Action<ILogger> first)
    {
        // TryAdd decides alone who saw it first: AddOrUpdate may run its add factory on several threads at once.
        while (true)
        {
            if (_repeats.TryAdd(fault, 0))
            {
                first(logger);
                return;
            }
            if (_repeats.TryGetValue(fault, out var count) && _repeats.TryUpdate(fault, count + 1, count))
            {
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SummaryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Summarise();
        }
    }

    public void Summarise()
    {
        foreach (var fault in _repeats.Keys)
        {
            var repeats = TakeRepeats(fault);
            if (repeats == 0)
            {
                // Quiet for a whole interval: the next occurrence is news again.
                _repeats.TryRemove(new KeyValuePair<string, long>(fault, 0));
                continue;
            }
            logger.LogWarning("{Fault}: {Repeats} more in the last {Seconds} s", fault, repeats, SummaryInterval.TotalSeconds);
        }
    }

    /// <summary>The repeats counted since the last summary, set back to 0 (AddOrUpdate would answer the new value, 0).</summary>
    private long TakeRepeats(string fault)
    {
        while (_repeats.TryGetValue(fault, out var repeats))
        {
            if (repeats == 0 || _repeats.TryUpdate(fault, 0, repeats))
            {
                return repeats;
            }
        }
        return 0;
    }
}
