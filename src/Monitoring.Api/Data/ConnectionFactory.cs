using System.Data;
using System.Data.Common;
using DbUp.Builder;
using Monitoring.Api.Data.Providers;

namespace Monitoring.Api.Data;

/// <summary>
/// The database provider: the one object that knows which engine the service runs on. It opens
/// connections (with their per-connection settings), gates writers where the engine needs it, builds
/// the migration runner, binds the values the engine has no type for, and classifies errors (its
/// <see cref="Dialect"/>). Nothing outside <c>Data/Providers</c> asks which provider is in use.
/// </summary>
public abstract class ConnectionFactory(DatabaseOptions options, DatabaseMeters? meters) : IAsyncDisposable
{
    public DatabaseOptions Options => options;

    /// <summary>The host's instruments for the writer; null where nothing measures it (a tool, a test of the store alone).</summary>
    protected DatabaseMeters? Meters => meters;

    public DatabaseProvider Provider => options.Provider;

    /// <summary>Error classification and the few SQL texts that differ between engines.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>Writers of this process queue here before they begin; null where the engine locks rows itself.</summary>
    public virtual SemaphoreSlim? WriteGate => null;

    /// <summary>The shared writer that commits queued writes together; null where each writer commits alone.</summary>
    public virtual GroupCommit? GroupCommit => null;

    /// <summary>Where the data is, for the start-up log: a file path or a server and database name.</summary>
    public abstract string Location { get; }

    /// <summary>The ADO.NET parameter type of this provider, by which value binding finds it.</summary>
    public abstract Type ParameterType { get; }

    public static ConnectionFactory Create(DatabaseOptions options, DatabaseMeters? meters = null) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteProvider(options, meters),
        DatabaseProvider.SqlServer => new SqlServerProvider(options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider."),
    };

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ConfigureAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes the database exist and ready for migrations (create it, or switch on its journal).</summary>
    public abstract void PrepareForMigrations();

    /// <summary>DbUp's runner for this engine, and the prefix of its embedded scripts (sql/&lt;provider&gt;/).</summary>
    public abstract (UpgradeEngineBuilder Builder, string ScriptPrefix) MigrationRunner();

    /// <summary>Checks what the engine did not check while migrating.</summary>
    public virtual void VerifyAfterMigrations()
    {
    }

    /// <summary>
    /// A read-only transaction in which every read sees one snapshot, where the engine gives one without
    /// blocking writers; null where it does not (the reads then run each on its own).
    /// </summary>
    public virtual Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction?>(null);

    public abstract void Bind(IDbDataParameter parameter, Guid value);

    public abstract void Bind(IDbDataParameter parameter, DateTimeOffset value);

    public abstract void Bind(IDbDataParameter parameter, DateOnly value);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings applied to every connection as it opens.</summary>
    protected virtual Task ConfigureAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}
