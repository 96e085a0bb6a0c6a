using System.Globalization;
using Monitoring.Reliability;

// A fault-injection campaign anyone can rerun (not part of the test suite): usage in README.md beside this file.
var cycles = Option("--cycles", 100);
var migrationKills = Option("--migration-kills", 10);
var overloadSeconds = Option("--overload-seconds", 10);

var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1].Split(',') : null;
var scenarios = new (string Name, Func<Task<Outcome>> Run)[]
{
    ("kill", () => Scenarios.KillCyclesAsync(cycles)),
    ("migrations", () => Scenarios.MigrationKillsAsync(migrationKills)),
    ("disk", Scenarios.DiskFullAsync),
    ("lock", Scenarios.LockedStoreAsync),
    ("overload", () => Scenarios.OverloadAsync(overloadSeconds)),
    ("board", Scenarios.StalledBoardAsync),
};
var outcomes = new List<Outcome>();
foreach (var (name, run) in scenarios.Where(s => only is null || only.Contains(s.Name)))
{
    outcomes.Add(await run());
}

Console.WriteLine();
Console.WriteLine("| scenario | faults injected | acknowledged | lost | integrity failures | p99 (ms) | max memory (MB) | note |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var o in outcomes)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {o.Scenario} | {o.Faults} | {o.Acknowledged} | {o.Lost} | {o.IntegrityFailures} | {o.P99Ms:F0} | {o.MaxMemoryMb:F0} | {o.Note} |"));
}
var failed = outcomes.Where(o => o.Failed).ToList();
Console.WriteLine(failed.Count == 0 ? "PASSED: nothing acknowledged was lost and every file stayed sound." : $"FAILED: {string.Join(", ", failed.Select(o => o.Scenario))}");
return failed.Count == 0 ? 0 : 1;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
