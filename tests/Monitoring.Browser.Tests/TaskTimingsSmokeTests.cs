using System.Diagnostics;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Browser.Tests;

/// <summary>
/// Runs the task timings (tests/Monitoring.Tasks) once, so that their scripted user cannot rot as the dashboard
/// changes. Their figures and findings are not judged here (exit code 1 is a finding); a task that cannot be done is.
/// </summary>
public sealed class TaskTimingsSmokeTests
{
    [Test]
    public async Task One_run_does_every_task_and_writes_its_table_and_json()
    {
        if (!Chromium.Available)
        {
            Assert.Ignore($"{Chromium.ExecutablePath} is missing.");
        }
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var tasks = Path.Combine(RepositoryPaths.Root, "tests", "Monitoring.Tasks", "bin",
            Path.GetFileName(Path.GetDirectoryName(testOutput)!), Path.GetFileName(testOutput), "Monitoring.Tasks.dll");
        Assert.That(File.Exists(tasks), Is.True, $"Build the solution first: {tasks} is missing.");
        var json = Path.Combine(Path.GetTempPath(), $"task-timings-smoke-{Guid.NewGuid():N}.json");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { tasks, "--smoke", "--out", json })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;

        Assert.That(process.ExitCode, Is.AnyOf(0, 1), text);
        Assert.That(text, Does.Contain("| full vitals, bed below the alerts | phone 390×844 |").And.Contain("| which bed is sickest | wall 1366×768 |"));
        Assert.That(File.Exists(json), Is.True);
        File.Delete(json);
    }
}
