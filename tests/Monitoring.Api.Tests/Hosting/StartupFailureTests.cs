using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>A service that cannot start prints one line with the cause and the remedy, no stack, and exits non-zero.</summary>
public sealed class StartupFailureTests
{
    [Test]
    public async Task A_full_disk_at_first_start_is_one_line_naming_it_and_a_non_zero_exit()
    {
        using var disk = SmallDisk.MountOrIgnore(megabytes: 2);
        disk.Fill();

        var failure = await FailedStartAsync(disk.Path, new Dictionary<string, string>());

        Assert.That(failure, Does.Contain("exited with code 3"));
        Assert.That(failure, Does.Match("Monitoring could not start: The database's disk is full.*Remedy: free space"));
        Assert.That(failure, Does.Not.Contain("   at "), "no stack");
    }

    [Test]
    public async Task A_wrong_setting_is_one_line_naming_it_and_a_non_zero_exit()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var failure = await FailedStartAsync(dataPath, new Dictionary<string, string> { ["Monitoring__Database__Provider"] = "oracle" });

            Assert.That(failure, Does.Contain("exited with code 3"));
            Assert.That(failure, Does.Contain("Monitoring could not start: Database configuration: Monitoring:Database:Provider is 'oracle'"));
            Assert.That(failure, Does.Contain("Remedy:"));
            Assert.That(failure, Does.Not.Contain("   at "), "no stack");
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [TestCase("admin")]
    [TestCase("password1234")]
    [TestCase("short")]
    public async Task A_weak_first_admin_password_is_refused_at_start(string weak)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var failure = await FailedStartAsync(dataPath, new Dictionary<string, string> { ["MONITORING_ADMIN_PASSWORD"] = weak });

            Assert.That(failure, Does.Contain("exited with code 3"));
            Assert.That(failure, Does.Contain("Monitoring could not start: Configuration: MONITORING_ADMIN_PASSWORD is refused"));
            Assert.That(failure, Does.Not.Contain("   at "), "no stack");
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task<string> FailedStartAsync(string dataPath, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            await using var service = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: dataPath, environment: environment);
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
        Assert.Fail("The service started.");
        return "";
    }
}
