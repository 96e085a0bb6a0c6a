using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.DeviceSimulator;

namespace Monitoring.Benchmark;

/// <summary>
/// The bedside monitor feed under load. <c>--devices N</c>: N simulated monitors on their own MLLP connections,
/// one message a second with six numerics each; <c>--devices-max N</c>: N monitors sending as fast as they are
/// answered, for the saturation rate. Each run measures, on a fresh service and database, samples stored per second,
/// ACK latency, AE/AR, the service's CPU per message and its peak memory, then the same rows inserted raw in batches
/// of 600 (one transaction each) as the baseline. Medians of the runs are printed last.
/// <c>--devices N</c> also measures alarm latency under that load: <see cref="AlarmAdmissions"/> more monitored
/// admissions, spread over the run, each desaturate (SpO2 85 %, device times 1 s apart) until the message 15 s of
/// device time after the first low sample completes <c>monitor-hypoxaemia</c>; the latency is from that message's AA
/// to <c>alertRaised</c> for the admission on each of <see cref="Boards"/> boards joined to their ward.
/// </summary>
public static class DeviceFeed
{
    public const int NumericsPerMessage = 6;
    public const int RawBatch = 600;
    private const int BedsPerWard = 250;
    public const int AlarmAdmissions = 20;
    public const int Boards = 50;
    private const string AlarmWard = "ALARM";
    private const string AlarmCode = "monitor-hypoxaemia";
    private const int SustainedSeconds = 15;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AlarmGrace = TimeSpan.FromSeconds(10);

    private sealed record RunResult(
        double SamplesPerSecond, double MessagesPerSecond, LatencySummary Ack, long Refused, long Failed, double CpuMsPerMessage, long PeakMemoryBytes, double RawSamplesPerSecond,
        LatencySummary Alarm, int AlarmsReceived, int AlarmsExpected, long MissedDeliveries, long EarlyDeliveries);

    public static async Task<int> RunAsync(string[] args)
    {
        var saturate = args.Contains("--devices-max");
        var devices = Value(args, saturate ? "--devices-max" : "--devices", saturate ? 50 : 1000);
        var seconds = Value(args, "--seconds", 60);
        var runs = Value(args, "--runs", 3);
        Console.WriteLine($"Monitor feed: {devices} monitors, {(saturate ? "as fast as answered" : "one message a second")}, {NumericsPerMessage} numerics a message, {seconds} s, {runs} runs; {MachineInfo.Describe()}");
        var output = args.Contains("--out") ? args[Array.IndexOf(args, "--out") + 1] : "device-feed-results.json";
        var results = new List<RunResult>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await OneRunAsync(devices, saturate, TimeSpan.FromSeconds(seconds));
            results.Add(result);
            Print($"run {run}", result);
        }
        var median = new RunResult(
            Median(results, r => r.SamplesPerSecond), Median(results, r => r.MessagesPerSecond),
            new LatencySummary((long)Median(results, r => r.Ack.Count), Median(results, r => r.Ack.P50Ms), Median(results, r => r.Ack.P95Ms), Median(results, r => r.Ack.P99Ms), Median(results, r => r.Ack.MaxMs)),
            (long)Median(results, r => r.Refused), (long)Median(results, r => r.Failed), Median(results, r => r.CpuMsPerMessage),
            (long)Median(results, r => r.PeakMemoryBytes), Median(results, r => r.RawSamplesPerSecond),
            new LatencySummary((long)Median(results, r => r.Alarm.Count), Median(results, r => r.Alarm.P50Ms), Median(results, r => r.Alarm.P95Ms), Median(results, r => r.Alarm.P99Ms), Median(results, r => r.Alarm.MaxMs)),
            results.Min(r => r.AlarmsReceived), results.Max(r => r.AlarmsExpected), results.Max(r => r.MissedDeliveries), results.Max(r => r.EarlyDeliveries));
        Print("median", median);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alarm latency p50/p99 (ms)",-40}{median.Alarm.P50Ms,8:F0} / {median.Alarm.P99Ms:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alarms received / expected",-40}{median.AlarmsReceived,8} / {median.AlarmsExpected}"));
        await File.WriteAllTextAsync(output, System.Text.Json.JsonSerializer.Serialize(
            new { devices, saturate, seconds, boards = saturate ? 0 : Boards, runs = results, median }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"JSON written to {Path.GetFullPath(output)}");
        // Figures are for reading; a refused message, a dropped connection or an alarm that did not reach every board is a fault.
        var passed = results.All(r => r.Refused == 0 && r.Failed == 0 && r.SamplesPerSecond > 0 && r.AlarmsReceived == r.AlarmsExpected);
        Console.WriteLine(passed ? "PASSED: every message answered AA, no connection dropped, every alarm reached every board" : "FAILED: messages refused, connections dropped or alarms missing");
        return passed ? 0 : 1;
    }

    private static void Print(string label, RunResult r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: stored {r.SamplesPerSecond:F0} samples/s ({r.MessagesPerSecond:F0} messages/s), ACK p50 {r.Ack.P50Ms:F1} ms p99 {r.Ack.P99Ms:F1} ms max {r.Ack.MaxMs:F1} ms, AE/AR {r.Refused}, connection failures {r.Failed}, service CPU {r.CpuMsPerMessage:F3} ms/message, peak memory {r.PeakMemoryBytes / 1048576.0:F0} MiB; raw batched insert {r.RawSamplesPerSecond:F0} samples/s, feed/raw {r.SamplesPerSecond / r.RawSamplesPerSecond:P1}; alarm latency p50 {r.Alarm.P50Ms:F0} ms p99 {r.Alarm.P99Ms:F0} ms max {r.Alarm.MaxMs:F0} ms over {r.Alarm.Count} deliveries, alarms received / expected {r.AlarmsReceived}/{r.AlarmsExpected} (on all {Boards} boards), deliveries missed {r.MissedDeliveries}, before the AA {r.EarlyDeliveries}"));

    private static async Task<RunResult> OneRunAsync(int devices, bool saturate, TimeSpan duration)
    {
        var port = FreePort();
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
        {
            ["Monitoring__Devices__MllpPort"] = port.ToString(CultureInfo.InvariantCulture),
        });
        var wards = Enumerable.Range(0, (devices + BedsPerWard - 1) / BedsPerWard)
            .Select(w => ($"DEV{w + 1}", Math.Min(BedsPerWard, devices - (w * BedsPerWard)))).ToList();
        var alarmCount = saturate ? 0 : AlarmAdmissions;
        var staff = await Staff.PrepareAsync(service, [.. wards, (AlarmWard, Math.Max(1, alarmCount))]);
        var monitors = new List<SimulatedMonitor>();
        foreach (var (ward, beds) in wards)
        {
            await staff.AdmitAsync(ward, beds);
            monitors.AddRange(Enumerable.Range(0, beds).Select(i => new SimulatedMonitor(ward, $"{ward}-{i + 1:0000}", $"{ward}-{i:000000}", Story.Stable, monitors.Count + i + 1)));
        }
        // Admitted now, by the benchmark's nurse: the desaturations' device times, from the run's start on, are after the admissions.
        var alarmAdmissions = await staff.AdmitAsync(AlarmWard, alarmCount);
        var alarmMonitors = Enumerable.Range(0, alarmCount)
            .Select(i => new SimulatedMonitor(AlarmWard, $"{AlarmWard}-{i + 1:0000}", $"{AlarmWard}-{i:000000}", Story.Stable, 100_000 + i)).ToList();
        var boards = new List<WardListener>();
        for (var b = 0; b < (saturate ? 0 : Boards); b++)
        {
            var board = new WardListener(service.BaseAddress, staff.NurseToken);
            boards.Add(board);
            await board.JoinAsync(AlarmWard);
        }

        var latency = new Latency();
        long acknowledged = 0, refused = 0, failed = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var senders = monitors.Select((monitor, index) => Task.Run(async () =>
        {
            await using var sender = new MllpSender("127.0.0.1", port);
            await sender.ConnectAsync(stop.Token);
            var started = DateTimeOffset.UtcNow;
            // Monitors are not in step: each starts at its own point of the second.
            await Task.Delay(TimeSpan.FromMilliseconds(index * 1000.0 / monitors.Count), stop.Token);
            using var timer = saturate ? null : new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (!stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                try
                {
                    var (code, _) = await sender.SendAsync(monitor.NextMessage(now, now - started), stop.Token);
                    if (Volatile.Read(ref measuring))
                    {
                        latency.Record(clock.Elapsed);
                        Interlocked.Increment(ref code == "AA" ? ref acknowledged : ref refused);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (IOException)
                {
                    Interlocked.Increment(ref failed);
                    await sender.ConnectAsync(stop.Token);
                }
                if (timer is not null && !await timer.WaitForNextTickAsync(stop.Token))
                {
                    return;
                }
            }
        })).ToList();

        await Task.Delay(WarmUp);
        var database = new Database(service);
        var samplesBefore = await database.CountAsync("monitor_samples");
        var cpuBefore = CpuTime(service.ProcessId!.Value);
        await using var memory = new ProcessMemory(service.ProcessId!.Value);
        Volatile.Write(ref measuring, true);
        var window = Stopwatch.StartNew();
        // Stopwatch timestamp of the AA of the message that completes each admission's condition (0: none).
        var completedAt = new long[alarmCount];
        var alarmRefused = 0L;
        var spread = TimeSpan.FromSeconds(Math.Max(0, duration.TotalSeconds - SustainedSeconds - 2));
        var desaturations = Enumerable.Range(0, alarmCount).Select(i => Task.Run(async () =>
        {
            await Task.Delay(alarmCount <= 1 ? TimeSpan.Zero : spread * i / (alarmCount - 1));
            await using var sender = new MllpSender("127.0.0.1", port);
            await sender.ConnectAsync(stop.Token);
            var monitor = alarmMonitors[i];
            var firstLow = DateTimeOffset.UtcNow;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            // Second 0 is the first low sample; second 15 completes the condition; two more follow as a monitor's would.
            for (var second = 0; second <= SustainedSeconds + 2; second++)
            {
                var numerics = monitor.Measure(TimeSpan.Zero)
                    .Select(n => n.Code == 150456 ? n with { Value = "85" } : n).ToList();
                var (code, _) = await sender.SendAsync(MonitorMessages.Observation(monitor, $"{monitor.DeviceId}A{second:D9}", firstLow.AddSeconds(second), numerics), stop.Token);
                var answered = Stopwatch.GetTimestamp();
                if (code != "AA")
                {
                    Interlocked.Increment(ref alarmRefused);
                }
                else if (second == SustainedSeconds)
                {
                    completedAt[i] = answered;
                }
                await timer.WaitForNextTickAsync(stop.Token);
            }
        })).ToList();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var elapsed = window.Elapsed;
        var cpu = CpuTime(service.ProcessId!.Value) - cpuBefore;
        var samplesAfter = await database.CountAsync("monitor_samples");
        await memory.DisposeAsync();
        await Task.WhenAll(desaturations);
        var alarm = AlarmArrivals(boards, alarmAdmissions, completedAt);
        for (var grace = Stopwatch.StartNew(); alarm.Received < alarmCount && grace.Elapsed < AlarmGrace; alarm = AlarmArrivals(boards, alarmAdmissions, completedAt))
        {
            await Task.Delay(200);
        }
        foreach (var board in boards)
        {
            await board.DisposeAsync();
        }
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(senders);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-send.
        }
        var messages = Interlocked.Read(ref acknowledged) + Interlocked.Read(ref refused);
        var raw = await RawSamplesPerSecondAsync(TimeSpan.FromSeconds(Math.Min(15, duration.TotalSeconds)));
        return new RunResult((samplesAfter - samplesBefore) / elapsed.TotalSeconds, messages / elapsed.TotalSeconds, latency.Summary(),
            Interlocked.Read(ref refused) + Interlocked.Read(ref alarmRefused), Interlocked.Read(ref failed), messages == 0 ? 0 : cpu.TotalMilliseconds / messages, memory.PeakWorkingSetBytes, raw,
            alarm.Latency.Summary(), alarm.Received, alarmCount, alarm.Missed, alarm.Early);
    }

    private sealed record AlarmResult(Latency Latency, int Received, long Missed, long Early);

    /// <summary>
    /// Each board's live <c>alertRaised</c> of the monitor alarm for each desaturating admission, timed from the AA of the
    /// message that completed the condition. An alarm is received when it reached every board.
    /// </summary>
    private static AlarmResult AlarmArrivals(IReadOnlyList<WardListener> boards, List<Guid> admissions, long[] completedAt)
    {
        var latency = new Latency();
        var reached = new int[admissions.Count];
        long early = 0;
        foreach (var board in boards)
        {
            var arrivals = board.Arrivals.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Min(a => a.Timestamp));
            foreach (var raised in board.Events.Where(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]?["code"] == AlarmCode))
            {
                var i = admissions.IndexOf(Guid.TryParse((string?)raised["alert"]?["admissionId"], out var id) ? id : Guid.Empty);
                if (i < 0 || completedAt[i] == 0 || !arrivals.TryGetValue((string)raised["id"]!, out var arrived))
                {
                    continue;
                }
                reached[i]++;
                var elapsed = Stopwatch.GetElapsedTime(completedAt[i], arrived);
                if (elapsed < TimeSpan.Zero)
                {
                    early++;
                }
                latency.Record(elapsed);
            }
        }
        return new AlarmResult(latency, reached.Count(n => n == boards.Count && n > 0), reached.Sum(n => (long)Math.Max(0, boards.Count - n)), early);
    }

    /// <summary>The same rows as the feed stores, in the same table shape and settings, inserted in batches of 600, one transaction each.</summary>
    public static async Task<double> RawSamplesPerSecondAsync(TimeSpan duration)
    {
        var path = Path.Combine(Path.GetTempPath(), $"raw-samples-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await connection.ExecuteAsync("""
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                CREATE TABLE monitor_samples (
                    admission_id TEXT NOT NULL, mdc_code INTEGER NOT NULL, parameter TEXT NOT NULL, observed_at TEXT NOT NULL,
                    value REAL NOT NULL, zone_assumed INTEGER NOT NULL, received_at TEXT NOT NULL,
                    PRIMARY KEY (admission_id, mdc_code, observed_at)) WITHOUT ROWID;
                """);
            var admissions = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid().ToString("D")).ToArray();
            var codes = new[] { 151562, 150456, 149530, 151708, 150021, 150022 };
            var clock = Stopwatch.StartNew();
            var start = DateTimeOffset.UtcNow;
            long rows = 0;
            while (clock.Elapsed < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                var batch = Enumerable.Range(0, RawBatch).Select(i =>
                {
                    var n = rows + i;
                    return new
                    {
                        AdmissionId = admissions[(n / NumericsPerMessage) % admissions.Length],
                        Code = codes[n % NumericsPerMessage],
                        ObservedAt = start.AddMilliseconds(n / NumericsPerMessage / admissions.Length * 1000).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
                        ReceivedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    };
                });
                await connection.ExecuteAsync(
                    "INSERT INTO monitor_samples (admission_id, mdc_code, parameter, observed_at, value, zone_assumed, received_at) VALUES (@AdmissionId, @Code, 'spo2', @ObservedAt, 97, 0, @ReceivedAt)",
                    batch, transaction);
                await transaction.CommitAsync();
                rows += RawBatch;
            }
            return rows / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static TimeSpan CpuTime(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    private static int Value(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
