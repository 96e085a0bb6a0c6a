using System.Globalization;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>
/// <c>--failover N</c>: the scale-out test's drill N times. Failover time is from the SIGKILL of the
/// dispatching instance to the board's receipt of the first event committed after the kill (which only
/// the surviving instance can dispatch, once it has taken the lease over).
/// </summary>
public static class Failover
{
    public static async Task<int> RunAsync(int runs)
    {
        using var redis = RedisServer.Start();
        var times = new List<double>();
        var problems = new List<string>();
        for (var run = 1; run <= runs; run++)
        {
            var drill = await FailoverDrill.RunAsync(redis, readings: 20, killAfter: 8);
            var correct = drill.Applied.SequenceEqual(drill.Committed) && drill.UnsentAtEnd == 0 && drill.AlarmThroughBReachedBoardOnA
                && drill.AcknowledgedObservations.All(drill.ObservationsOnBoard.Contains);
            if (!correct)
            {
                problems.Add($"run {run}: board and outbox disagree");
            }
            times.Add(drill.Failover.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: failover {drill.Failover.TotalMilliseconds:F0} ms, {drill.Committed.Count} events, {drill.DuplicatesDropped} duplicates dropped, {(correct ? "every event once" : "MISMATCH")}"));
        }
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover over {runs} runs: median {median:F0} ms, max {times[^1]:F0} ms, min {times[0]:F0} ms"));
        Console.WriteLine(problems.Count == 0 ? "PASSED: every committed event reached the board once per sequence in every run." : "FAILED: " + string.Join("; ", problems));
        return problems.Count == 0 ? 0 : 1;
    }
}
