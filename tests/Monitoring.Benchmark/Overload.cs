using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>
/// Bounded intake under overload: the capacity is measured first (closed loop), then twice that rate is
/// offered at a fixed arrival rate on the same service. Past capacity the service must refuse at once
/// (503 with <c>Retry-After</c>) rather than queue, keep the readings it accepts fast, stay under 300 MB,
/// and store every reading it accepted.
/// </summary>
public static class Overload
{
    public const int DefaultSeconds = 15;
    private const int Patients = 24;
    private const int CapacityWorkers = 32;
    private const long MemoryLimitBytes = 300L * 1024 * 1024;

    public sealed record Result(int Offered, long Accepted, long Refused, long Lost, double AcceptedP99Ms, long PeakMemoryBytes, IReadOnlyList<string> Problems);

    public static async Task<int> RunAsync(int seconds)
    {
        var result = await MeasureAsync(seconds);
        Console.WriteLine(result.Problems.Count == 0
            ? "PASSED: past capacity the service refused with 503 and Retry-After, stored every reading it accepted, and stayed under 300 MB."
            : "FAILED: " + string.Join("; ", result.Problems));
        return result.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs both phases and prints their table; the caller says what passed.</summary>
    public static async Task<Result> MeasureAsync(int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"Overload: capacity with {CapacityWorkers} clients for {seconds} s, then twice that rate offered for {seconds} s; {Environment.ProcessorCount} cores.");
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var pid = service.ProcessId!.Value;
        var staff = await Staff.PrepareAsync(service, [("OVER", Patients)]);
        var patients = await staff.AdmitAsync("OVER", Patients);
        using var nurse = staff.Nurse();
        var outcomes = new Outcomes();

        async Task<bool> ChartAsync(long i)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await nurse.PostAsJsonAsync($"/api/admissions/{patients[(int)(i % Patients)]}/vitals", Staff.Vitals());
            outcomes.Record(response, Stopwatch.GetElapsedTime(started));
            return response.IsSuccessStatusCode;
        }

        var capacity = await Load.ClosedAsync("capacity (closed loop)", CapacityWorkers, duration, pid, (_, i) => ChartAsync(i));
        var atCapacity = outcomes.TakeAndReset();
        var offered = Math.Max(20, (int)(capacity.PerSecond * 2));
        var overload = await Load.OpenAsync($"{offered}/s offered", offered, duration, pid, ChartAsync);
        var atTwice = outcomes.TakeAndReset();

        var stored = await Scale.CountAsync(Path.Combine(service.DataPath, "monitoring.db"), "SELECT COUNT(*) FROM observations");
        var accepted = atCapacity.Accepted + atTwice.Accepted;

        Console.WriteLine();
        Console.WriteLine("| | capacity (closed loop) | twice capacity offered (open loop) |");
        Console.WriteLine("| --- | --- | --- |");
        Console.WriteLine($"| offered | {CapacityWorkers} clients | {offered}/s |");
        Console.WriteLine($"| accepted (201) | {atCapacity.Accepted} ({atCapacity.Accepted / duration.TotalSeconds:F0}/s) | {atTwice.Accepted} ({overload.PerSecond:F0}/s) |");
        Console.WriteLine($"| refused 503 (with Retry-After) | {atCapacity.Refused} ({atCapacity.RefusedWithRetryAfter}) | {atTwice.Refused} ({atTwice.RefusedWithRetryAfter}) |");
        Console.WriteLine($"| other answers | {atCapacity.Other} | {atTwice.Other} |");
        var unanswered = overload.Failed - atTwice.Refused - atTwice.Other;
        Console.WriteLine($"| no answer (connection error) | {capacity.Failed - atCapacity.Refused - atCapacity.Other} | {unanswered} |");
        Console.WriteLine($"| accepted: p50 / p99 from send | {atCapacity.AcceptedLatency.P50Ms:F1} / {atCapacity.AcceptedLatency.P99Ms:F1} ms | {atTwice.AcceptedLatency.P50Ms:F1} / {atTwice.AcceptedLatency.P99Ms:F1} ms |");
        Console.WriteLine($"| refused: p50 / p99 from send | {atCapacity.RefusedLatency.P50Ms:F1} / {atCapacity.RefusedLatency.P99Ms:F1} ms | {atTwice.RefusedLatency.P50Ms:F1} / {atTwice.RefusedLatency.P99Ms:F1} ms |");
        Console.WriteLine($"| all: p99 from intended send | {capacity.Latency.P99Ms:F1} ms | {overload.Latency.P99Ms:F1} ms |");
        Console.WriteLine($"| peak resident memory | {capacity.PeakWorkingSetBytes / 1048576.0:F0} MB | {overload.PeakWorkingSetBytes / 1048576.0:F0} MB |");
        Console.WriteLine($"| accepted / stored | {accepted} / {stored} | |");

        var problems = new List<string>();
        if (stored != accepted)
        {
            problems.Add($"{accepted} readings accepted, {stored} stored");
        }
        if (overload.PeakWorkingSetBytes > MemoryLimitBytes)
        {
            problems.Add($"peak memory {overload.PeakWorkingSetBytes / 1048576.0:F0} MB at twice capacity (limit 300 MB)");
        }
        if (atTwice.Refused != atTwice.RefusedWithRetryAfter)
        {
            problems.Add($"{atTwice.Refused - atTwice.RefusedWithRetryAfter} refusals without Retry-After");
        }
        if (atTwice.Other + unanswered > 0)
        {
            problems.Add($"{atTwice.Other} answers neither 201 nor 503, {unanswered} requests unanswered");
        }
        return new Result(offered, atTwice.Accepted, atTwice.Refused, accepted - stored, atTwice.AcceptedLatency.P99Ms, overload.PeakWorkingSetBytes, problems);
    }

    private sealed record Counts(long Accepted, long Refused, long RefusedWithRetryAfter, long Other, LatencySummary AcceptedLatency, LatencySummary RefusedLatency);

    private sealed class Outcomes
    {
        private readonly Lock _gate = new();
        private Latency _accepted = new();
        private Latency _refused = new();
        private long _retryAfter;
        private long _other;

        public void Record(HttpResponseMessage response, TimeSpan elapsed)
        {
            if (response.IsSuccessStatusCode)
            {
                _accepted.Record(elapsed);
            }
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                _refused.Record(elapsed);
                if (response.Headers.RetryAfter is not null)
                {
                    Interlocked.Increment(ref _retryAfter);
                }
            }
            else
            {
                Interlocked.Increment(ref _other);
            }
        }

        public Counts TakeAndReset()
        {
            lock (_gate)
            {
                var counts = new Counts(_accepted.Count, _refused.Count, Interlocked.Exchange(ref _retryAfter, 0), Interlocked.Exchange(ref _other, 0), _accepted.Summary(), _refused.Summary());
                _accepted = new Latency();
                _refused = new Latency();
                return counts;
            }
        }
    }
}
