using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Browser.Tests;
using Monitoring.Tasks;

// Three ward tasks done by a scripted user in headless Chromium against the real service, timed and counted.
// Usage and the figures in README.md beside this file.
var runs = 3;
var output = "task-timings.json";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--smoke":
            runs = 1;
            break;
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--out":
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Options: --runs N (3), --smoke (one run), --out FILE (task-timings.json). Exit codes: 0 passed, 1 findings, 2 usage or no Chromium, 3 a task could not be done");
            return 2;
    }
}
if (!Chromium.Available)
{
    Console.Error.WriteLine($"{Chromium.ExecutablePath} is missing (tests/tools/install-test-deps.sh installs it).");
    return 2;
}

try
{
    return await RunAsync(runs, output);
}
catch (Exception failure)
{
    // Told apart from findings (exit code 1): the scripted user could not do a task at all.
    Console.Error.WriteLine($"ERROR: a task could not be done: {failure}");
    return 3;
}

static async Task<int> RunAsync(int runs, string output)
{
    Console.WriteLine($"Starting the service (Release build) on a fresh SQLite database and Chromium; {Environment.ProcessorCount} cores; {runs} run(s).");
    // Disposed in reverse order, on failure too: Chromium, then Playwright's driver, then the service.
    await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await Chromium.LaunchAsync(playwright);

    var results = new List<TaskResult>();
    for (var run = 1; run <= runs; run++)
    {
        // A fresh ward for every task: each starts from the same board, whatever the one before it charted or resolved.
        results.Add(await PhoneVitals.RunAsync(browser, service.BaseAddress, await Scenario.MakeAsync(service), bySearch: false));
        results.Add(await PhoneVitals.RunAsync(browser, service.BaseAddress, await Scenario.MakeAsync(service), bySearch: true));
        results.Add(await TabletAlert.RunAsync(browser, service.BaseAddress, await Scenario.MakeAsync(service)));
        results.Add(await WallSickest.RunAsync(browser, service.BaseAddress, await Scenario.MakeAsync(service)));
        Console.WriteLine($"run {run}: " + string.Join("; ", results.TakeLast(4).Select(r => $"{r.Task} {r.Seconds:F2} s")));
    }

    var report = Report.Of(results);
    Report.Print(report);
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"JSON written to {Path.GetFullPath(output)}");
    var problems = results.SelectMany(r => r.Problems.Select(p => $"{r.Task}: {p}")).Distinct().ToList();
    Console.WriteLine(problems.Count == 0 ? "PASSED: every task done as a user would do it, nothing hidden, nothing moved." : "FINDINGS: " + string.Join("; ", problems));
    return problems.Count == 0 ? 0 : 1;
}
