using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>The timeline of a long stay read a page at a time: first, middle and last page, and the whole stay by cursor walk.</summary>
public sealed record TimelinePageResult(
    int Size,
    int Limit,
    int Pages,
    long EntriesWalked,
    ReadLatency FirstPage,
    ReadLatency MiddlePage,
    ReadLatency LastPage,
    double WalkMs,
    long PeakWorkingSetBytes)
{
    public IEnumerable<ReadLatency> Reads() =>
        [FirstPage, MiddlePage, LastPage, new ReadLatency($"timeline whole stay ({Pages} pages of {Limit})", Size, WalkMs, WalkMs)];
}

public static class TimelinePages
{
    public const int DefaultSize = 100_000;

    public static async Task<TimelinePageResult> MeasureAsync(HttpClient client, Guid admission, int size, int pid, int limit = 200, int repeats = 15)
    {
        await using var memory = new ProcessMemory(pid);
        string Path(string? cursor) => $"/api/admissions/{admission}/timeline?limit={limit}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}";

        // One walk by cursor over the whole stay: checks that it ends and finds the cursor of every page.
        var cursors = new List<string?> { null };
        long entries = 0;
        var walk = Stopwatch.StartNew();
        while (true)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>(Path(cursors[^1])))!;
            entries += page["entries"]!.AsArray().Count;
            if ((string?)page["nextCursor"] is not { } next)
            {
                break;
            }
            cursors.Add(next);
        }
        walk.Stop();

        var first = await Scale.MeasureAsync(client, "timeline first page", size, Path(cursors[0]), repeats);
        var middle = await Scale.MeasureAsync(client, "timeline middle page", size, Path(cursors[cursors.Count / 2]), repeats);
        var last = await Scale.MeasureAsync(client, "timeline last page", size, Path(cursors[^1]), repeats);
        await memory.DisposeAsync();
        return new TimelinePageResult(size, limit, cursors.Count, entries, first, middle, last, walk.Elapsed.TotalMilliseconds, memory.PeakWorkingSetBytes);
    }

    /// <summary><c>--timeline [N]</c>: only this part: one admission with N seeded vitals (default 10^5), its pages measured.</summary>
    public static async Task<int> RunAsync(int size)
    {
        Console.WriteLine($"Starting the service (Release build) on a fresh SQLite database; {Environment.ProcessorCount} cores.");
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var database = System.IO.Path.Combine(service.DataPath, "monitoring.db");
        var staff = await Staff.PrepareAsync(service, [("HISTORY", 1)]);
        using var nurse = staff.Nurse();
        var patient = (await staff.AdmitAsync("HISTORY", 1))[0];
        var nurseId = Guid.Parse((await Scale.QueryUserIdAsync(database, "bench-nurse"))!);
        await Scale.SeedHistoryAsync(database, patient, nurseId, size);
        var idle = ProcessMemory.ResidentBytes(service.ProcessId!.Value) ?? 0;

        var result = await MeasureAsync(nurse, patient, size, service.ProcessId!.Value);
        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MB";
        Console.WriteLine($"\nMachine: {MachineInfo.Describe()}\n");
        Console.WriteLine("| read | size | median ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var read in result.Reads())
        {
            Console.WriteLine($"| {read.What} | {read.Size} | {F(read.MedianMs)} | {F(read.MaxMs)} |");
        }
        Console.WriteLine($"\nServer RSS before the reads {Mb(idle)}, peak while reading {Mb(result.PeakWorkingSetBytes)}; {result.EntriesWalked} entries walked in {result.Pages} pages.");
        var problems = new List<string>();
        if (result.EntriesWalked < size)
        {
            problems.Add($"{size} entries seeded, {result.EntriesWalked} walked");
        }
        Console.WriteLine(problems.Count == 0 ? "PASSED: the cursor walk read every seeded entry." : "FAILED: " + string.Join("; ", problems));
        return problems.Count == 0 ? 0 : 1;
    }
}
