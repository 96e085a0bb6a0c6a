using Microsoft.Extensions.Configuration;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary><c>Monitoring:Database:Provider</c> names the store; a connection string that disagrees stops the start.</summary>
public sealed class DatabaseOptionsTests
{
    private const string Server = "Server=db.example;Database=Monitoring;User Id=monitoring;Password=x;Encrypt=True";

    [TestCase(null, null, DatabaseProvider.Sqlite)]
    [TestCase("sqlite", null, DatabaseProvider.Sqlite)]
    [TestCase("SqlServer", Server, DatabaseProvider.SqlServer)]
    public void Provider_and_connection_string_that_agree_choose_the_store(string? provider, string? connectionString, DatabaseProvider expected) =>
        Assert.That(Options(provider, connectionString).Provider, Is.EqualTo(expected));

    [TestCase(null, Server, "ConnectionStrings:Monitoring is set but Monitoring:Database:Provider is not")]
    [TestCase("sqlite", Server, "is 'sqlite' but ConnectionStrings:Monitoring is set")]
    [TestCase("sqlserver", null, "is 'sqlserver' but ConnectionStrings:Monitoring is not set")]
    [TestCase("sqlserver", "not a connection string", "is not a SQL Server connection string")]
    [TestCase("postgres", null, "must be 'sqlite' or 'sqlserver'")]
    public void Disagreement_is_a_plain_start_up_error(string? provider, string? connectionString, string message) =>
        Assert.That(() => Options(provider, connectionString), Throws.InvalidOperationException.With.Message.Contains(message));

    [Test]
    public void Group_commit_is_on_by_default_and_its_bounds_are_read()
    {
        Assert.That(Options(null, null).GroupCommit, Is.EqualTo(GroupCommitOptions.Default));
        Assert.That(GroupCommitOptions.Default.SyncOutsideTurn, Is.True);
        var configured = GroupCommitSettings(("Enabled", "false"), ("MaxWrites", "8"), ("MaxWaitMs", "2"), ("SyncOutsideTurn", "false"));
        Assert.That(configured, Is.EqualTo(new GroupCommitOptions(false, 8, TimeSpan.FromMilliseconds(2), SyncOutsideTurn: false)));
    }

    [TestCase("MaxWrites", "0")]
    [TestCase("MaxWaitMs", "-1")]
    [TestCase("MaxWaitMs", "5000")]
    public void Group_commit_bounds_outside_their_range_stop_the_start(string key, string value) =>
        Assert.That(() => GroupCommitSettings((key, value)), Throws.InvalidOperationException.With.Message.Contains(DatabaseOptions.GroupCommitSection));

    private static GroupCommitOptions GroupCommitSettings(params (string Key, string Value)[] settings) =>
        DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(setting => new KeyValuePair<string, string?>($"{DatabaseOptions.GroupCommitSection}:{setting.Key}", setting.Value))
                .Append(new KeyValuePair<string, string?>("Monitoring:DataPath", Path.Combine(Path.GetTempPath(), "monitoring-tests", "options"))))
            .Build()).GroupCommit;

    [Test]
    public async Task The_service_refuses_to_start_and_says_why()
    {
        var start = ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string> { ["Monitoring__Database__Provider"] = "sqlserver" });

        Assert.That(async () => await start, Throws.InvalidOperationException.With.Message.Contains("Monitoring:Database:Provider is 'sqlserver' but ConnectionStrings:Monitoring is not set"));
    }

    private static DatabaseOptions Options(string? provider, string? connectionString) =>
        DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitoring:DataPath"] = Path.Combine(Path.GetTempPath(), "monitoring-tests", "options"),
            [DatabaseOptions.ProviderKey] = provider,
            ["ConnectionStrings:Monitoring"] = connectionString,
        }).Build());
}
