using System.Globalization;

namespace Monitoring.Benchmark;

public sealed record BenchmarkReport(
    DateTimeOffset At,
    string Machine,
    Options Options,
    LoadResult Health,
    LoadResult Ingest,
    LoadResult BatchedIngest,
    int ReadingsPerBatch,
    double RawInsertRowsPerSecond,
    LoadResult FixedRate,
    AlertLatencyResult Alerts,
    IReadOnlyList<AlertLatencyResult> FanOut,
    IReadOnlyList<ReadLatency> Reads,
    IReadOnlyList<LoadResult> IngestWithHistory,
    long ObservationsStored,
    long ObservationsAccepted,
    long ObservationsSeeded,
    IReadOnlyList<string> Problems,
    double WallSeconds);

public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim() : "?";
        return $"{Environment.ProcessorCount} cores, {cpu ?? "unknown CPU"}, {memory} memory, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}

public static class Report
{
    public static void Print(BenchmarkReport r)
    {
        static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MB";
        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static void Row(LoadResult l) =>
            Console.WriteLine($"| {l.Name} | {F(l.PerSecond)} | {F(l.Latency.P50Ms)} | {F(l.Latency.P95Ms)} | {F(l.Latency.P99Ms)} | {F(l.Latency.MaxMs)} | {l.Failed} | {Mb(l.PeakWorkingSetBytes)} |");

        Console.WriteLine($"\nMachine: {r.Machine}\n");
        Console.WriteLine("| load | ok/s | p50 ms | p95 ms | p99 ms | max ms | failed | server peak RSS |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Row(r.Health);
        Row(r.Ingest);
        Row(r.FixedRate);
        foreach (var history in r.IngestWithHistory)
        {
            Row(history);
        }
        Console.WriteLine($"\nRaw Dapper insert, one row per transaction, WAL + synchronous=FULL: {F(r.RawInsertRowsPerSecond)} rows/s");
        Console.WriteLine($"Ratios: ingest / health = {F(r.Ingest.PerSecond / r.Health.PerSecond * 100)} %, ingest / raw insert = {F(r.Ingest.PerSecond / r.RawInsertRowsPerSecond * 100)} %");
        var batched = r.BatchedIngest.PerSecond * r.ReadingsPerBatch;
        Console.WriteLine($"Batched ({r.ReadingsPerBatch} readings a request): {F(batched)} readings/s, p50 {F(r.BatchedIngest.Latency.P50Ms)} ms, p99 {F(r.BatchedIngest.Latency.P99Ms)} ms a request; " +
            $"readings / health = {F(batched / r.Health.PerSecond * 100)} %, readings / raw insert = {F(batched / r.RawInsertRowsPerSecond * 100)} %\n");

        Console.WriteLine("| dashboards | readings/s | alarms | POST -> alertRaised p50 ms | p99 ms | max ms | missed | connection errors | server peak RSS |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var a in r.FanOut.Prepend(r.Alerts))
        {
            Console.WriteLine($"| {a.Dashboards} | {a.ReadingsPerSecond} | {a.AlarmingReadings} | {F(a.PostToAlert.P50Ms)} | {F(a.PostToAlert.P99Ms)} | {F(a.PostToAlert.MaxMs)} | {a.MissedDeliveries} | {a.ConnectionErrors} | {Mb(a.PeakWorkingSetBytes)} |");
        }

        Console.WriteLine("\n| read | size | median ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var read in r.Reads)
        {
            Console.WriteLine($"| {read.What} | {read.Size} | {F(read.MedianMs)} | {F(read.MaxMs)} |");
        }
        Console.WriteLine($"\nObservations: {r.ObservationsAccepted} accepted + {r.ObservationsSeeded} seeded, {r.ObservationsStored} stored. Wall time {F(r.WallSeconds)} s.");
    }
}
