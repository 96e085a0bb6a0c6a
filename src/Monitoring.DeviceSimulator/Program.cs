using System.Globalization;
using Monitoring.DeviceSimulator;

// Bedside monitors that speak IHE PCD-01 over MLLP to the service (or any receiver).
// dotnet run --project src/Monitoring.DeviceSimulator -- --port 2575 --ward 4B --beds 4B-01=MRN1,4B-02=MRN2 --story stable
var settings = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--host"] = "127.0.0.1",
    ["--port"] = "2575",
    ["--ward"] = "4B",
    ["--beds"] = "",
    ["--rate"] = "1",
    ["--story"] = "stable",
    ["--seconds"] = "0",
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!settings.ContainsKey(args[i]))
    {
        Console.Error.WriteLine($"Unknown option {args[i]}. Options: {string.Join(", ", settings.Keys)}");
        return 2;
    }
    settings[args[i]] = args[i + 1];
}
if (settings["--beds"].Length == 0)
{
    Console.Error.WriteLine("--beds BED=MRN[:story],… names each monitored bed and its patient's MRN (PID-3).");
    return 2;
}
var story = Stories.Parse(settings["--story"]);
var monitors = settings["--beds"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select((entry, index) =>
{
    var (bed, rest) = (entry.Split('=')[0], entry.Split('=', 2).ElementAtOrDefault(1) ?? "");
    var parts = rest.Split(':');
    return new SimulatedMonitor(settings["--ward"], bed, parts[0], parts.Length > 1 ? Stories.Parse(parts[1]) : story, index + 1);
}).ToList();

var rate = double.Parse(settings["--rate"], CultureInfo.InvariantCulture);
var runner = new MonitorRunner(settings["--host"], int.Parse(settings["--port"], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(1 / rate), Console.WriteLine);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
if (int.Parse(settings["--seconds"], CultureInfo.InvariantCulture) is > 0 and var seconds)
{
    stop.CancelAfter(TimeSpan.FromSeconds(seconds));
}
Console.WriteLine($"{monitors.Count} monitors -> {settings["--host"]}:{settings["--port"]}, {rate} message/s each: {string.Join(", ", monitors.Select(m => $"{m.Bed} {m.Story}"))}. Ctrl+C stops.");
var run = runner.RunAsync(monitors, stop.Token);
while (!run.IsCompleted)
{
    await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10)));
    Console.WriteLine($"AA {runner.Accepted}, AE/AR {runner.Refused}, connection failures {runner.Failed}");
}
return 0;
