using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Benchmark;

// Ingest throughput, alert latency, fan-out, read scaling and memory of the service, measured against
// baselines taken in the same run. Usage in README.md beside this file.
if (args is ["--failover", var failoverRuns])
{
    return await Failover.RunAsync(int.Parse(failoverRuns, System.Globalization.CultureInfo.InvariantCulture));
}
if (args.Contains("--devices") || args.Contains("--devices-max"))
{
    return await DeviceFeed.RunAsync(args);
}
if (args is ["--stalled-board", .. var stalledRounds])
{
    return await StalledBoard.RunAsync(stalledRounds is [var r] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 3);
}
if (args is ["--timeline", .. var timelineSize])
{
    return await TimelinePages.RunAsync(timelineSize is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : TimelinePages.DefaultSize);
}
if (args is ["--reports", .. var reportDays])
{
    return await ReportsLoad.RunAsync(reportDays is [var d] ? int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : ReportsLoad.DefaultDays);
}
if (args is ["--overload", .. var overloadSeconds])
{
    return await Overload.RunAsync(overloadSeconds is [var s] ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Overload.DefaultSeconds);
}
if (args is ["--fhir-export", .. var exportRounds])
{
    return await FhirExportLoad.RunAsync(exportRounds is [var r] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : FhirExportLoad.DefaultRounds);
}
var options = Options.Parse(args);
var seconds = TimeSpan.FromSeconds(options.Seconds);
var started = Stopwatch.StartNew();
Console.WriteLine($"Starting the service (Release build) on a fresh SQLite database; {Environment.ProcessorCount} cores.");
await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
var pid = service.ProcessId!.Value;
var database = Path.Combine(service.DataPath, "monitoring.db");
long accepted = 0;

var alarmsNeeded = (int)Math.Min(1900, options.AlertRate * options.Seconds / AlertLatency.AlarmingEvery + 1);
var fanOutAlarms = options.Smoke ? 3 : 20;
var wards = new List<(string, int)> { ("INGEST", 12), ("ALERT", alarmsNeeded + 12), ("HISTORY", options.HistorySizes.Count) };
wards.AddRange(options.FanOut.Select(k => ($"FAN{k}", fanOutAlarms + 12)));
wards.AddRange(options.WardSizes.Select(n => ($"SIZE{n}", n)));
var staff = await Staff.PrepareAsync(service, wards);
using var nurse = staff.Nurse();

async Task<bool> ChartAsync(Guid admission, object body, string kind = "vitals")
{
    using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/{kind}", body);
    if (response.IsSuccessStatusCode)
    {
        Interlocked.Increment(ref accepted);
    }
    return response.IsSuccessStatusCode;
}

async Task<bool> ChartBatchAsync(Guid admission)
{
    // A monitor's newest readings in time order, the last one now: later than any it sent before, as a
    // monitor's are (the benchmark compresses its minute into milliseconds to keep up with the load).
    var now = DateTimeOffset.UtcNow;
    var readings = Enumerable.Range(0, Staff.ReadingsPerBatch).Select(i => Staff.Vitals(observedAt: now.AddMilliseconds(i + 1 - Staff.ReadingsPerBatch))).ToArray();
    using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/batch", new { readings });
    if (response.IsSuccessStatusCode)
    {
        Interlocked.Add(ref accepted, Staff.ReadingsPerBatch);
    }
    return response.IsSuccessStatusCode;
}

// 1. Baseline and ingest, closed loop.
var ingestPatients = await staff.AdmitAsync("INGEST", 12);
var health = await Load.ClosedAsync("GET /health/live", options.Clients, seconds, pid, async (_, _) =>
{
    using var response = await nurse.GetAsync(new Uri("/health/live", UriKind.Relative));
    return response.IsSuccessStatusCode;
});
var ingest = await Load.ClosedAsync("POST vitals (every 4th COWS)", options.Clients, seconds, pid, (worker, i) =>
{
    var patient = ingestPatients[(int)((worker * 7 + i) % ingestPatients.Count)];
    return i % 4 == 3 ? ChartAsync(patient, Staff.Cows(), "cows") : ChartAsync(patient, Staff.Vitals());
});
// The same readings as a bedside monitor's gateway sends them: several of one patient a request.
// Each patient's monitor is one client's: its batches arrive one after another, as a monitor sends them.
var batchedIngest = await Load.ClosedAsync($"POST vitals/batch of {Staff.ReadingsPerBatch}", options.Clients, seconds, pid, (worker, i) =>
    ChartBatchAsync(ingestPatients[worker % ingestPatients.Count]));
var rawInsert = await RawInsert.RowsPerSecondAsync(seconds);
if (options.IngestOnly)
{
    var batchedReadings = batchedIngest.PerSecond * Staff.ReadingsPerBatch;
    Console.WriteLine($"health {health.PerSecond:F0}/s; ingest {ingest.PerSecond:F0}/s (p50 {ingest.Latency.P50Ms:F1} ms, p99 {ingest.Latency.P99Ms:F1} ms, {ingest.Failed} failed); raw insert {rawInsert:F0} rows/s");
    Console.WriteLine($"ingest / health = {100 * ingest.PerSecond / health.PerSecond:F1} %, ingest / raw insert = {100 * ingest.PerSecond / rawInsert:F1} %");
    Console.WriteLine($"batched: {batchedReadings:F0} readings/s (p50 {batchedIngest.Latency.P50Ms:F1} ms, p99 {batchedIngest.Latency.P99Ms:F1} ms a request, {batchedIngest.Failed} failed); readings / health = {100 * batchedReadings / health.PerSecond:F1} %, readings / raw insert = {100 * batchedReadings / rawInsert:F1} %");
    return ingest.Failed + batchedIngest.Failed == 0 ? 0 : 1;
}

// 2. Open loop at half the closed-loop throughput: latency free of coordinated omission.
var fixedRate = Math.Max(10, (int)(ingest.PerSecond / 2));
var open = await Load.OpenAsync($"POST vitals at {fixedRate}/s", fixedRate, seconds, pid, i => ChartAsync(ingestPatients[(int)(i % ingestPatients.Count)], Staff.Vitals()));

// 3. Alert latency with the goal's dashboards and rate.
var alertPatients = await staff.AdmitAsync("ALERT", alarmsNeeded + 12);
var alerts = await AlertLatency.RunAsync(staff, "ALERT", alertPatients[12..], alertPatients[..12], options.Dashboards, options.AlertRate, seconds);
accepted += alerts.Readings;

// 4. Fan-out: the same alarm to K dashboards.
var fanOut = new List<AlertLatencyResult>();
foreach (var k in options.FanOut)
{
    var patients = await staff.AdmitAsync($"FAN{k}", fanOutAlarms + 12);
    var result = await AlertLatency.RunAsync(staff, $"FAN{k}", patients[12..], patients[..12], k, 50, TimeSpan.FromSeconds(fanOutAlarms * AlertLatency.AlarmingEvery / 50.0));
    accepted += result.Readings;
    fanOut.Add(result);
}

// 5. Reads as wards and histories grow.
var reads = new List<ReadLatency>();
foreach (var size in options.WardSizes)
{
    await staff.AdmitAsync($"SIZE{size}", size);
    reads.Add(await Scale.MeasureAsync(nurse, "census", size, $"/api/wards/SIZE{size}/census"));
    reads.Add(await Scale.MeasureAsync(nurse, "board", size, $"/api/wards/SIZE{size}/board"));
}
var historyPatients = await staff.AdmitAsync("HISTORY", options.HistorySizes.Count);
var nurseId = Guid.Parse((await Scale.QueryUserIdAsync(database, "bench-nurse"))!);
long seeded = 0;
var historyIngest = new List<LoadResult>();
var timelineProblems = new List<string>();
for (var i = 0; i < options.HistorySizes.Count; i++)
{
    var size = options.HistorySizes[i];
    await Scale.SeedHistoryAsync(database, historyPatients[i], nurseId, size);
    seeded += size;
    var pages = await TimelinePages.MeasureAsync(nurse, historyPatients[i], size, pid, repeats: size >= 100_000 ? 5 : 15);
    reads.AddRange(pages.Reads());
    if (pages.EntriesWalked < size)
    {
        timelineProblems.Add($"timeline of {size}: {pages.EntriesWalked} entries walked");
    }
    var patient = historyPatients[i];
    historyIngest.Add(await Load.ClosedAsync($"POST vitals, history {size}", 1, TimeSpan.FromSeconds(options.Smoke ? 1 : 3), pid, (_, _) => ChartAsync(patient, Staff.Vitals())));
}

// 6. Correctness: nothing accepted may be missing, every alarm raised its alert, every dashboard heard every alarm.
var stored = await Scale.CountAsync(database, "SELECT COUNT(*) FROM observations");
var alertRows = await Scale.CountAsync(database, "SELECT COUNT(*) FROM alerts WHERE ward_code = 'ALERT' AND code = 'respiratory-depression'");
var problems = new List<string>(timelineProblems);
if (stored != accepted + seeded)
{
    problems.Add($"{accepted + seeded} observations accepted or seeded, {stored} stored");
}
if (alertRows != alerts.AlarmingReadings)
{
    problems.Add($"{alerts.AlarmingReadings} alarming readings, {alertRows} alerts");
}
foreach (var run in fanOut.Append(alerts).Where(run => run.MissedDeliveries != 0 || run.ConnectionErrors != 0))
{
    problems.Add($"{run.Dashboards} dashboards: {run.MissedDeliveries} deliveries missed, {run.ConnectionErrors} connections failed");
}

var report = new BenchmarkReport(
    DateTimeOffset.UtcNow, MachineInfo.Describe(), options, health, ingest, batchedIngest, Staff.ReadingsPerBatch, rawInsert, open, alerts, fanOut, reads, historyIngest,
    stored, accepted, seeded, problems, started.Elapsed.TotalSeconds);
Report.Print(report);
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"JSON written to {Path.GetFullPath(options.Output)}");
Console.WriteLine(problems.Count == 0 ? "PASSED: every accepted reading stored, every alarm raised and delivered." : "FAILED: " + string.Join("; ", problems));
return problems.Count == 0 ? 0 : 1;
