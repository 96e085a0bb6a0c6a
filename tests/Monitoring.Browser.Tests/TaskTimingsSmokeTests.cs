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
        var json = Path.Combine(Path.GetTempPath(), $"task-timings-smoke-{Guid.NewGuid():N}.json");
        var (exitCode, text) = await BuiltProgram.RunAsync("Monitoring.Tasks", TimeSpan.FromMinutes(3), "--smoke", "--out", json);

        Assert.That(exitCode, Is.AnyOf(0, 1), text);
        Assert.That(text, Does.Contain("| full vitals, bed below the alerts | phone 390×844 |").And.Contain("| which bed is sickest | wall 1366×768 |"));
        Assert.That(File.Exists(json), Is.True);
        File.Delete(json);
    }
}
