using System.Diagnostics;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Benchmark;

/// <summary>
/// Runs every benchmark scenario for a second or so, so that the benchmark cannot rot. Its figures
/// are not judged here (timings belong to the benchmark's report); its correctness checks are.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Test]
    public async Task Smoke_run_stores_every_reading_and_delivers_every_alarm()
    {
        var output = Path.Combine(Path.GetTempPath(), $"benchmark-smoke-{Guid.NewGuid():N}.json");
        var (exitCode, text) = await RunAsync("--smoke", "--out", output);
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("PASSED"));
        Assert.That(File.Exists(output), Is.True);
        File.Delete(output);
    }

    [Test]
    public async Task Timeline_part_alone_walks_every_entry_and_reports_its_pages()
    {
        var (exitCode, text) = await RunAsync("--timeline", "450");
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("| timeline last page | 450 |").And.Contain("PASSED"));
        Assert.That(text, Does.Contain("entries walked in 3 pages"), text);
    }

    [Test]
    public async Task Device_feed_part_has_every_message_answered_AA_and_reports_the_raw_baseline()
    {
        var (exitCode, text) = await RunAsync("--devices", "4", "--seconds", "2", "--runs", "1");
        Assert.That(exitCode, Is.Zero, text);
        Assert.That(text, Does.Contain("median: stored").And.Contain("raw batched insert").And.Contain("PASSED"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var benchmark = Path.Combine(RepositoryPaths.Root, "tests", "Monitoring.Benchmark", "bin",
            Path.GetFileName(Path.GetDirectoryName(testOutput)!), Path.GetFileName(testOutput), "Monitoring.Benchmark.dll");
        Assert.That(File.Exists(benchmark), Is.True, $"Build the solution first: {benchmark} is missing.");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Prepend(benchmark))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
