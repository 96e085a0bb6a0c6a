using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Benchmark;

namespace Monitoring.Reliability;

/// <summary>The faults the campaign injects, each against a real service process on a real SQLite file.</summary>
public static class Scenarios
{
    private const int Writers = 8;

    /// <summary>kill -9 while batch writers write, again and again on one database, checked after each kill.</summary>
    public static async Task<Outcome> KillCyclesAsync(int cycles)
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var bedside = await Bedside.PrepareAsync(service, "KILL", Writers);
        long acknowledged = 0, lost = 0, failures = 0;
        double memory = 0, p99 = 0;
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            using var stop = new CancellationTokenSource();
            using var nurse = await bedside.NurseAsync("KILL");
            // The kill falls at a random moment once writes are being answered, so that every cycle kills mid-stream
            // (on a loaded machine a fixed delay from the start killed a third of the cycles before any answer).
            var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writing = bedside.WriteUntilAsync(nurse, Writers, stop.Token, answering);
            await Task.WhenAny(answering.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            await Task.Delay(Random.Shared.Next(500, 2000));
            memory = Math.Max(memory, Integrity.ResidentMb(service));
            service.Kill();
            await stop.CancelAsync();
            var written = await writing;
            var (missing, sound, partial) = await Integrity.CheckAsync(service.DataPath, written);
            acknowledged += written.Acknowledged.Count;
            lost += missing;
            failures += (sound ? 0 : 1) + partial;
            p99 = Math.Max(p99, written.Latency.P99Ms);
            Console.WriteLine($"kill {cycle}/{cycles}: {written.Acknowledged.Count} acknowledged, {missing} lost, integrity {(sound ? "ok" : "FAILED")}, {partial} partial batches");
            await service.StartAgainAsync();
        }
        return new Outcome($"kill -9 under {Writers} batch writers", cycles, acknowledged, lost, failures, p99, memory, "integrity_check and batch atomicity after every kill");
    }

    /// <summary>kill -9 at random moments of a first start (migrations running), then a normal start must reach the reference schema.</summary>
    public static async Task<Outcome> MigrationKillsAsync(int kills)
    {
        var reference = await ReferenceSchemaAsync();
        long failures = 0;
        for (var i = 0; i < kills; i++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "monitoring-reliability", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            using (var first = StartRaw(folder))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(150 + (i * 2500.0 / Math.Max(1, kills))));
                if (!first.HasExited)
                {
                    first.Kill(entireProcessTree: true);
                }
                await first.WaitForExitAsync();
            }
            await using (await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: folder))
            {
                var matches = (await SchemaAsync(folder)).SequenceEqual(reference);
                failures += matches ? 0 : 1;
                Console.WriteLine($"migration kill {i + 1}/{kills}: restarted, schema {(matches ? "matches the reference" : "DIFFERS")}");
            }
            Directory.Delete(folder, recursive: true);
        }
        return new Outcome("kill -9 during first-start migrations", kills, 0, 0, failures, 0, 0, "restart reaches the reference schema");
    }

    /// <summary>The database's disk fills up (a small tmpfs) while writers write, then space comes back.</summary>
    public static async Task<Outcome> DiskFullAsync()
    {
        if (Environment.UserName != "root")
        {
            return new Outcome("disk full (40 MB tmpfs)", 0, 0, 0, 0, 0, 0, "not run: mounting a tmpfs needs root");
        }
        var mount = Path.Combine(Path.GetTempPath(), "monitoring-reliability-disk", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=40m,mode=0700", "tmpfs", mount) != 0)
        {
            return new Outcome("disk full (40 MB tmpfs)", 0, 0, 0, 0, 0, 0, "not run: the tmpfs could not be mounted");
        }
        try
        {
            await using var service = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: mount,
                environment: new Dictionary<string, string> { ["Monitoring__Database__MinFreeMegabytes"] = "8" });
            var bedside = await Bedside.PrepareAsync(service, "FULL", Writers);
            using var stop = new CancellationTokenSource();
            using var nurse = await bedside.NurseAsync("FULL");
            var writing = bedside.WriteUntilAsync(nurse, Writers, stop.Token);
            await Task.Delay(1000);
            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            await Task.Delay(5000);
            var memory = Integrity.ResidentMb(service);
            File.Delete(filler);
            await Task.Delay(3000);
            await stop.CancelAsync();
            var written = await writing;
            var (lost, sound, partial) = await Integrity.CheckAsync(mount, written);
            return new Outcome("disk full (40 MB tmpfs), then freed", 1, written.Acknowledged.Count, lost, (sound ? 0 : 1) + partial, written.Latency.P99Ms,
                memory, $"{written.Refused} batches refused (503) while full");
        }
        finally
        {
            Run("umount", "-l", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    /// <summary>Another process holds the write lock for 20 s while writers write.</summary>
    public static async Task<Outcome> LockedStoreAsync()
    {
        // The ward's deadline, not the suite's longer one: the scenario judges answers against it.
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: ProductionWriteTimeout);
        var bedside = await Bedside.PrepareAsync(service, "LOCK", Writers);
        using var stop = new CancellationTokenSource();
        using var nurse = await bedside.NurseAsync("LOCK");
        var writing = bedside.WriteUntilAsync(nurse, Writers, stop.Token);
        await Task.Delay(1000);
        double memory;
        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(service.DataPath, "monitoring.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await holder.ExecuteAsync("BEGIN IMMEDIATE; UPDATE store_probes SET probes = probes + 1;");
            await Task.Delay(20_000);
            memory = Integrity.ResidentMb(service);
        }
        await Task.Delay(3000);
        await stop.CancelAsync();
        var written = await writing;
        var (lost, sound, partial) = await Integrity.CheckAsync(service.DataPath, written);
        // A write waits at most the write timeout (5 s) and its statement's busy wait: then it must be answered 503.
        var answeredInTime = written.Refused > 0 && written.Latency.MaxMs < WriteAnswerLimitMs;
        return new Outcome("write lock held 20 s by another process", 1, written.Acknowledged.Count, lost, (sound ? 0 : 1) + partial, written.Latency.P99Ms, memory,
            answeredInTime ? $"{written.Refused} batches refused (503) in time, longest answer {written.Latency.MaxMs:F0} ms" : $"FAILED: {written.Refused} refused, longest answer {written.Latency.MaxMs:F0} ms (limit {WriteAnswerLimitMs} ms)");
    }

    private const int WriteAnswerLimitMs = 11_000;

    private static readonly Dictionary<string, string> ProductionWriteTimeout = new() { ["Monitoring__Database__WriteTimeoutSeconds"] = "5" };

    public static async Task<Outcome> OverloadAsync(int seconds)
    {
        var result = await Overload.MeasureAsync(seconds);
        return new Outcome($"overload: {result.Offered}/s offered (twice capacity)", 1, result.Accepted, result.Lost, 0, result.AcceptedP99Ms,
            result.PeakMemoryBytes / 1048576.0, result.Problems.Count == 0 ? $"{result.Refused} refused with 503 + Retry-After" : "FAILED: " + string.Join("; ", result.Problems));
    }

    public static async Task<Outcome> StalledBoardAsync()
    {
        var result = await StalledBoard.MeasureAsync(rounds: 1, dashboards: 50, readingsPerSecond: 50);
        return new Outcome("one stalled stateful board among 50, 50 readings/s", 1, 0, result.Missed, 0, result.P99WithMs, result.PeakMemoryBytes / 1048576.0,
            result.Missed == 0 ? $"alert p99 {result.P99WithoutMs:F0} ms without, {result.P99WithMs:F0} ms with" : $"FAILED: {result.Missed} deliveries missed");
    }

    private static Process StartRaw(string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        start.ArgumentList.Add(RepositoryPaths.ApiAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["Monitoring__DataPath"] = folder;
        start.Environment["MONITORING_ADMIN_PASSWORD"] = ServiceProcess.AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<IReadOnlyList<string>> ReferenceSchemaAsync()
    {
        await using var clean = await ServiceProcess.StartAsync(Store.Sqlite);
        return await SchemaAsync(clean.DataPath);
    }

    private static async Task<IReadOnlyList<string>> SchemaAsync(string folder)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "monitoring.db")};Pooling=False");
        await connection.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")];
    }

    private static void Fill(string path)
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    private static int Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
