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

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) =>
        BuiltProgram.RunAsync("Monitoring.Benchmark", TimeSpan.FromMinutes(3), arguments);
}
