using System.Diagnostics;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>One of the repository's console programs (the benchmark, the task timings) run from its build output, as their smoke tests run them.</summary>
public static class BuiltProgram
{
    /// <summary>Runs <c>tests/{project}</c> as built in the same configuration as the calling tests; answers its exit code and its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string project, TimeSpan timeout, params string[] arguments)
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var assembly = Path.Combine(RepositoryPaths.Root, "tests", project, "bin",
            Path.GetFileName(Path.GetDirectoryName(testOutput)!), Path.GetFileName(testOutput), project + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build the solution first: {assembly} is missing.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Prepend(assembly))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung program must not outlive its test, nor leave the service and browser it started.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} did not finish in {timeout}:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
