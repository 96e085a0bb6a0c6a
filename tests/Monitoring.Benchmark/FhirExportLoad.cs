using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>
/// <c>--fhir-export [rounds]</c>: charting latency while a ward's FHIR bulk export runs, against charting alone,
/// in the same run. A 60-bed ward with 7 days of hourly vitals a bed (168 sets each, about ten Observations a
/// set) is exported again and again; a nurse charts vitals at a steady 20 a second throughout. Each round
/// measures the export, then the same length of charting without it; the report gives the medians of rounds.
/// </summary>
public static class FhirExportLoad
{
    public const int DefaultRounds = 5;
    private const int Beds = 60;
    private const int SetsPerBed = 7 * 24;
    private const int ChartsPerSecond = 20;
    private const string ManagerPassword = "bench-manager-password-1";

    public static async Task<int> RunAsync(int rounds)
    {
        Console.WriteLine($"Starting the service (Release build) on a fresh SQLite database; {Environment.ProcessorCount} cores.");
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var database = Path.Combine(service.DataPath, "monitoring.db");
        var staff = await Staff.PrepareAsync(service, [("EXPORT", Beds)]);
        using var nurse = staff.Nurse();
        var patients = await staff.AdmitAsync("EXPORT", Beds);
        var nurseId = Guid.Parse((await Scale.QueryUserIdAsync(database, "bench-nurse"))!);
        foreach (var patient in patients)
        {
            await Scale.SeedHistoryAsync(database, patient, nurseId, SetsPerBed);
        }
        using (var admin = Staff.Client(service, await service.TokenAsync("admin", ServiceProcess.AdminPassword)))
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username = "bench-manager", password = ManagerPassword, role = "manager", wards = Array.Empty<string>() });
            created.EnsureSuccessStatusCode();
        }
        using var manager = Staff.Client(service, await service.TokenAsync("bench-manager", ManagerPassword));

        long charted = 0;
        async Task<bool> ChartAsync(long i)
        {
            using var response = await nurse.PostAsJsonAsync($"/api/admissions/{patients[(int)(i % Beds)]}/vitals", Staff.Vitals(observedAt: DateTimeOffset.UtcNow));
            Interlocked.Increment(ref charted);
            return response.IsSuccessStatusCode;
        }

        // A first export warms the service up and tells how long one takes.
        var (warmUp, resources) = await ExportAsync(manager);
        Console.WriteLine($"Warm-up export: {resources} resources in {warmUp.TotalSeconds:0.0} s.");
        var during = new List<LatencySummary>();
        var alone = new List<LatencySummary>();
        var exports = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var export = ExportAsync(manager);
            var withExport = await ChartWhileAsync(_ => export.IsCompleted, ChartAsync);
            var (took, _) = await export;
            exports.Add(took.TotalSeconds);
            var without = await ChartWhileAsync(elapsed => elapsed >= took, ChartAsync);
            during.Add(withExport);
            alone.Add(without);
            Console.WriteLine($"round {round + 1}: export {took.TotalSeconds:0.0} s; charting p50/p99 {withExport.P50Ms:0.0}/{withExport.P99Ms:0.0} ms during it ({withExport.Count} readings), {without.P50Ms:0.0}/{without.P99Ms:0.0} ms alone ({without.Count})");
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        var p99During = Median(during.Select(l => l.P99Ms));
        var p99Alone = Median(alone.Select(l => l.P99Ms));
        Console.WriteLine($"\nMachine: {MachineInfo.Describe()}");
        Console.WriteLine($"Ward: {Beds} beds x {SetsPerBed} vitals sets = {resources} FHIR resources exported per run; charting {ChartsPerSecond}/s; {rounds} rounds, medians.\n");
        Console.WriteLine("| charting (POST vitals) | p50 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| alone (baseline) | {F(Median(alone.Select(l => l.P50Ms)))} | {F(p99Alone)} | {F(Median(alone.Select(l => l.MaxMs)))} |");
        Console.WriteLine($"| during a ward export | {F(Median(during.Select(l => l.P50Ms)))} | {F(p99During)} | {F(Median(during.Select(l => l.MaxMs)))} |");
        Console.WriteLine($"\nExport of the ward: median {F(Median(exports))} s; charting p99 during it / alone = {p99During / p99Alone:0.00}; {charted} readings charted.");
        return 0;
    }

    /// <summary>Charts at the steady rate until <paramref name="done"/>; each reading's latency counts from when it was due (open loop).</summary>
    private static async Task<LatencySummary> ChartWhileAsync(Func<TimeSpan, bool> done, Func<long, Task<bool>> chart)
    {
        var latency = new Latency();
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (long i = 0; !done(Stopwatch.GetElapsedTime(start)); i++)
        {
            var intended = start + (long)(i * (double)Stopwatch.Frequency / ChartsPerSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                if (!await chart(index))
                {
                    throw new InvalidOperationException("A reading was refused while measuring.");
                }
                latency.Record(Stopwatch.GetElapsedTime(intended));
            }));
        }
        await Task.WhenAll(inFlight);
        return latency.Summary();
    }

    private static async Task<(TimeSpan Took, long Resources)> ExportAsync(HttpClient manager)
    {
        var started = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Group/EXPORT/$export");
        request.Headers.Add("Prefer", "respond-async");
        using var kickOff = await manager.SendAsync(request);
        var status = kickOff.Content.Headers.ContentLocation ?? throw new InvalidOperationException($"Export refused: {(int)kickOff.StatusCode}");
        while (true)
        {
            using var poll = await manager.GetAsync(status);
            if (poll.StatusCode == HttpStatusCode.OK)
            {
                var manifest = (await poll.Content.ReadFromJsonAsync<JsonObject>())!;
                return (started.Elapsed, manifest["output"]!.AsArray().Sum(o => (long)o!["count"]!));
            }
            if (poll.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Export failed: {(int)poll.StatusCode} {await poll.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(200);
        }
    }
}
