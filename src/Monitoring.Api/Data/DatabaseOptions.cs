using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// Where the service keeps its data: <c>Monitoring:Database:Provider</c> names the store (<c>sqlite</c>, the
/// default, in <c>Monitoring:DataPath</c>; or <c>sqlserver</c> at <c>ConnectionStrings:Monitoring</c>).
/// A provider and a connection string that disagree stop the service at start with a plain message.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, string DataPath)
{
    public const string ProviderKey = "Monitoring:Database:Provider";
    public const string ConnectionStringName = "Monitoring";
    public const string SqliteFileName = "monitoring.db";
    public const string GroupCommitSection = "Monitoring:Database:GroupCommit";

    public const string WriteTimeoutKey = "Monitoring:Database:WriteTimeoutSeconds";
    public const string MinFreeMegabytesKey = "Monitoring:Database:MinFreeMegabytes";

    /// <summary>The longest a write waits for the store (its turn, a lock, retries) before it is answered 503.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Below this free space on the database's disk the service says it is not ready (SQLite).</summary>
    public long MinFreeMegabytes { get; init; } = 64;

    /// <summary>How SQLite's writes share commits; SQL Server groups its log flushes itself.</summary>
    public GroupCommitOptions GroupCommit { get; init; } = GroupCommitOptions.Default;

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var writeTimeout = configuration.GetValue(WriteTimeoutKey, 5.0);
        var minFree = configuration.GetValue(MinFreeMegabytesKey, 64L);
        if (writeTimeout is <= 0 or > 300 || minFree < 0)
        {
            throw Disagreement($"{WriteTimeoutKey} is between 0 and 300 seconds (default 5) and {MinFreeMegabytesKey} 0 or more (default 64).");
        }
        return StoreFromConfiguration(configuration) with { WriteTimeout = TimeSpan.FromSeconds(writeTimeout), MinFreeMegabytes = minFree };
    }

    private static DatabaseOptions StoreFromConfiguration(IConfiguration configuration)
    {
        // Data belongs to the operator's working directory, not to the application's folder (content root).
        var dataPath = Path.GetFullPath(configuration["Monitoring:DataPath"] ?? "data", Environment.CurrentDirectory);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var named = configuration[ProviderKey];
        var provider = named?.Trim().ToLowerInvariant() switch
        {
            null or "" when string.IsNullOrWhiteSpace(connectionString) => DatabaseProvider.Sqlite,
            null or "" => throw Disagreement(
                $"ConnectionStrings:{ConnectionStringName} is set but {ProviderKey} is not: set {ProviderKey}=sqlserver to use that server, or remove the connection string to use the embedded SQLite database."),
            "sqlite" => DatabaseProvider.Sqlite,
            "sqlserver" => DatabaseProvider.SqlServer,
            _ => throw Disagreement($"{ProviderKey} is '{named}'; it must be 'sqlite' or 'sqlserver'."),
        };
        Directory.CreateDirectory(dataPath);

        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw Disagreement($"{ProviderKey} is 'sqlserver' but ConnectionStrings:{ConnectionStringName} is not set: give the server's connection string.");
            }
            try
            {
                _ = new SqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException exception)
            {
                throw Disagreement($"{ProviderKey} is 'sqlserver' but ConnectionStrings:{ConnectionStringName} is not a SQL Server connection string ({exception.Message}).");
            }
            return new DatabaseOptions(DatabaseProvider.SqlServer, connectionString, dataPath);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            throw Disagreement(
                $"{ProviderKey} is 'sqlite' but ConnectionStrings:{ConnectionStringName} is set: the SQLite file lives in Monitoring:DataPath; remove the connection string or set {ProviderKey}=sqlserver.");
        }
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, SqliteFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new DatabaseOptions(DatabaseProvider.Sqlite, sqlite.ToString(), dataPath) { GroupCommit = GroupCommitFrom(configuration) };
    }

    private static GroupCommitOptions GroupCommitFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection(GroupCommitSection);
        var defaults = GroupCommitOptions.Default;
        var options = new GroupCommitOptions(
            section.GetValue("Enabled", defaults.Enabled),
            section.GetValue("MaxWrites", defaults.MaxWrites),
            TimeSpan.FromMilliseconds(section.GetValue("MaxWaitMs", defaults.MaxWait.TotalMilliseconds)),
            section.GetValue("SyncOutsideTurn", defaults.SyncOutsideTurn));
        if (options.MaxWrites < 1 || options.MaxWait < TimeSpan.Zero || options.MaxWait > TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"Database configuration: {GroupCommitSection}:MaxWrites is at least 1 and MaxWaitMs between 0 and 1000.");
        }
        return options;
    }

    private static InvalidOperationException Disagreement(string message) => new($"Database configuration: {message}");
}
