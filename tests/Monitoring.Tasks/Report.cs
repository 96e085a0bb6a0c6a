using System.Globalization;

namespace Monitoring.Tasks;

/// <summary>Medians over the runs of each task, every run kept, printed as Markdown tables.</summary>
internal sealed record Report(DateTimeOffset MeasuredAt, string Machine, int Runs, IReadOnlyList<Median> Medians, IReadOnlyList<TaskResult> Results)
{
    public static Report Of(IReadOnlyList<TaskResult> results)
    {
        var medians = results.GroupBy(r => r.Task).Select(g => new Median(
            g.Key, g.First().Screen, MedianOf(g.Select(r => r.Seconds)), MedianOf(g.Select(r => (double)r.Taps)), MedianOf(g.Select(r => (double)r.KeystrokeGroups)),
            MedianOf(g.Select(r => (double)r.Swipes)), MedianOf(g.Select(r => r.SwipedPx)), MedianOf(g.Select(r => r.ScrolledPx)))).ToList();
        var machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        return new Report(DateTimeOffset.UtcNow, machine, results.Count / Math.Max(1, medians.Count), medians, results);
    }

    public static void Print(Report report)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {report.Runs} run(s); {report.Machine}");
        Console.WriteLine("| task | screen | elapsed s | taps | keystroke groups | swipes | px swiped | px scrolled in all |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in report.Medians)
        {
            Console.WriteLine(Invariant($"| {m.Task} | {m.Screen} | {m.Seconds:F2} | {m.Taps:0.#} | {m.KeystrokeGroups:0.#} | {m.Swipes:0.#} | {m.SwipedPx:F0} | {m.ScrolledPx:F0} |"));
        }
        Console.WriteLine();
        Console.WriteLine("What the user saw (each run's value, separated by /, once when every run agrees):");
        foreach (var task in report.Results.GroupBy(r => r.Task))
        {
            var keys = task.SelectMany(r => r.Seen.Keys).Distinct();
            Console.WriteLine($"- {task.Key}: " + string.Join("; ", keys.Select(k => $"{k} {string.Join(" / ", task.Select(r => Invariant($"{r.Seen.GetValueOrDefault(k)}")).Distinct())}")));
        }
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed record Median(string Task, string Screen, double Seconds, double Taps, double KeystrokeGroups, double Swipes, double SwipedPx, double ScrolledPx);
