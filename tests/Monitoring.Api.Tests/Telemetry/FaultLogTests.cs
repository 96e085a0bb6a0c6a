using Microsoft.Extensions.Logging;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Tests.Telemetry;

public sealed class FaultLogTests
{
    [Test]
    public void A_fault_hit_by_many_requests_at_once_is_logged_once_and_the_rest_counted()
    {
        var lines = new LinesLogger();
        var faults = new FaultLog(lines, TimeProvider.System);
        const int Threads = 8;
        const int Each = 2_000;
        using var start = new Barrier(Threads);

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Each; i++)
            {
                faults.Record("disk-full", logger => logger.LogError("Requests are answered 503: the disk is full"));
            }
        });
        faults.Summarise();

        Assert.That(lines.Lines.Count(line => line.Contains("answered 503", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines.Lines, Has.One.EqualTo($"disk-full: {Threads * Each - 1} more in the last 10 s"));
    }

    [Test]
    public void A_fault_quiet_for_a_whole_interval_is_news_again()
    {
        var lines = new LinesLogger();
        var faults = new FaultLog(lines, TimeProvider.System);
        faults.Record("locked", logger => logger.LogError("locked"));
        faults.Summarise();
        faults.Record("locked", logger => logger.LogError("locked"));

        Assert.That(lines.Lines, Is.EqualTo(new[] { "locked", "locked" }));
    }

    private sealed class LinesLogger : ILogger<FaultLog>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
