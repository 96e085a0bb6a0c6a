using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>
/// Alert latency to 200 boards with and without one more board that stops reading (stateful reconnect,
/// socket not read), rounds alternating in one run on one service: the stalled board must not move the p99.
/// </summary>
public static class StalledBoard
{
    private const int Dashboards = 200;
    private const int ReadingsPerSecond = 200;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public sealed record Result(double P99WithoutMs, double P99WithMs, long Missed, long PeakMemoryBytes);

    public static async Task<int> RunAsync(int rounds)
    {
        var result = await MeasureAsync(rounds);
        Console.WriteLine(result.Missed == 0 ? "PASSED: every board that reads heard every alarm." : $"FAILED: {result.Missed} deliveries missed or connections failed.");
        return result.Missed == 0 ? 0 : 1;
    }

    /// <summary>Runs the rounds and prints them with the medians; the caller says what passed.</summary>
    public static async Task<Result> MeasureAsync(int rounds, int dashboards = Dashboards, int readingsPerSecond = ReadingsPerSecond)
    {
        Console.WriteLine($"Alert latency, {dashboards} boards at {readingsPerSecond} readings/s for {Duration.TotalSeconds:F0} s, with and without one stalled stateful board; {rounds} rounds of each, alternating.");
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var alarms = (int)(readingsPerSecond * Duration.TotalSeconds / AlertLatency.AlarmingEvery) + 1;
        var wards = Enumerable.Range(0, rounds * 2).Select(i => ($"STALL{i}", alarms + 12)).ToList();
        var staff = await Staff.PrepareAsync(service, wards);
        var without = new List<AlertLatencyResult>();
        var with = new List<AlertLatencyResult>();
        for (var i = 0; i < rounds * 2; i++)
        {
            var stalled = i % 2 == 1;
            var ward = $"STALL{i}";
            var patients = await staff.AdmitAsync(ward, alarms + 12);
            var result = await AlertLatency.RunAsync(staff, ward, patients[12..], patients[..12], dashboards, readingsPerSecond, Duration, withStalledBoard: stalled);
            (stalled ? with : without).Add(result);
            Console.WriteLine($"round {(i / 2) + 1} {(stalled ? "with a stalled board" : "without")}: p50 {result.PostToAlert.P50Ms:F1} ms, p99 {result.PostToAlert.P99Ms:F1} ms, max {result.PostToAlert.MaxMs:F1} ms, {result.MissedDeliveries} deliveries missed");
        }
        var p99Without = Median(without.Select(r => r.PostToAlert.P99Ms));
        var p99With = Median(with.Select(r => r.PostToAlert.P99Ms));
        Console.WriteLine($"| | without | with one stalled board | ratio |");
        Console.WriteLine($"| --- | --- | --- | --- |");
        Console.WriteLine($"| alert p50, median of rounds | {Median(without.Select(r => r.PostToAlert.P50Ms)):F1} ms | {Median(with.Select(r => r.PostToAlert.P50Ms)):F1} ms | |");
        Console.WriteLine($"| alert p99, median of rounds | {p99Without:F1} ms | {p99With:F1} ms | {p99With / p99Without:F2} |");
        var missed = without.Concat(with).Sum(r => r.MissedDeliveries + r.ConnectionErrors);
        return new Result(p99Without, p99With, missed, without.Concat(with).Max(r => r.PeakWorkingSetBytes));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
