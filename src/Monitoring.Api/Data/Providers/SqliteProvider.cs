using System.Data;
using System.Data.Common;
using System.Globalization;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Security;

namespace Monitoring.Api.Data.Providers;

/// <summary>The embedded SQLite file: WAL, synchronous=FULL (or its group-commit equivalent, <see cref="WalSync"/>), one writer at a time.</summary>
public sealed class SqliteProvider(DatabaseOptions options, DatabaseMeters? meters = null) : ConnectionFactory(options, meters)
{
    // synchronous=FULL is per connection: every pooled connection must carry it for a 201 to mean durable.
    private const string Pragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 1000;";

    // Fixed-width UTC text sorts and compares correctly as strings in SQLite.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'";

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    /// <summary>
    /// SQLite has one writer at a time, and a writer that finds the lock taken sleeps and polls
    /// (busy_timeout), which starves throughput and spikes latency under load. Writers of this process
    /// queue here instead, in order.
    /// </summary>
    public override SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>
    /// With group commit on (the default), writers take turns on one connection instead of the gate,
    /// and the writes queued during one fsync share the next.
    /// </summary>
    public override GroupCommit? GroupCommit => Options.GroupCommit.Enabled
        ? LazyInitializer.EnsureInitialized(ref _groupCommit, () => Options.GroupCommit.SyncOutsideTurn
            ? new GroupCommit(OpenGroupWriterAsync, Options.GroupCommit, new WalSync(_wal.Flush, Meters), Meters)
            // Each commit has synced already (synchronous=FULL): nothing is left for WalSync to do.
            : new GroupCommit(OpenAsync, Options.GroupCommit, new WalSync(flushToDisk: null, Meters), Meters))
        : null;

    // The one connection on which this exception to synchronous=FULL is safe: every commit on it is
    // followed by WalSync's fsync before anyone is answered, and the commit no longer holds the turn while it syncs.
    private async Task<DbConnection> OpenGroupWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        _wal.Reopen();
        try
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return new StatementReusingConnection((SqliteConnection)connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private GroupCommit? _groupCommit;
    private readonly WalFile _wal = new(Path.Combine(options.DataPath, DatabaseOptions.SqliteFileName));

    public override async ValueTask DisposeAsync()
    {
        if (_groupCommit is not null)
        {
            await _groupCommit.DisposeAsync();
        }
        _wal.Dispose();
    }

    public override string Location => Path.Combine(Options.DataPath, DatabaseOptions.SqliteFileName);

    public override Type ParameterType => typeof(SqliteParameter);

    // WAL is a property of the file: set once, every later connection uses it. The file is created private (0600)
    // before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
    public override void PrepareForMigrations()
    {
        var file = Path.Combine(Options.DataPath, DatabaseOptions.SqliteFileName);
        if (!OperatingSystem.IsWindows() && !File.Exists(file))
        {
            // An empty file is a valid new SQLite database.
            using var created = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = DataFolder.PrivateFile });
        }
        using var connection = new SqliteConnection(Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused write-ahead logging (journal_mode={mode}).");
        }
    }

    // Table rebuilds (SQLite cannot alter a column) drop and rename referenced tables: migrations run with
    // foreign keys off, as SQLite's own procedure says, whatever the library's default; then every key is checked.
    public override (UpgradeEngineBuilder Builder, string ScriptPrefix) MigrationRunner() =>
        (DeployChanges.To.SqliteDatabase(new SqliteConnectionStringBuilder(Options.ConnectionString) { ForeignKeys = false }.ToString()), "sqlite.");

    public override void VerifyAfterMigrations()
    {
        using var connection = new SqliteConnection(Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"table\" || ' -> ' || parent FROM pragma_foreign_key_check LIMIT 5";
        using var reader = command.ExecuteReader();
        var broken = new List<string>();
        while (reader.Read())
        {
            broken.Add(reader.GetString(0));
        }
        if (broken.Count > 0)
        {
            throw new InvalidOperationException($"Migrations left rows whose foreign keys point nowhere: {string.Join(", ", broken)}.");
        }
    }

    // SQLite has no GUID, date or offset types: they are stored as sortable text.
    public override void Bind(IDbDataParameter parameter, Guid value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("D");
    }

    public override void Bind(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = TimeText(value);
    }

    /// <summary>A time as the SQLite tables hold it, for SQL that takes values other than as parameters (JSON rows).</summary>
    public static string TimeText(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public override void Bind(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    // In WAL a deferred transaction reads one snapshot from its first read to its end and blocks no writer.
    public override Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction?>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    // A statement that finds the file locked by another process retries (in SQLite's busy wait, which no
    // cancellation reaches) for at most the command timeout: no longer than the write timeout, so that the
    // request is answered within it.
    protected override DbConnection CreateConnection() => new SqliteConnection(Options.ConnectionString)
    {
        DefaultTimeout = (int)Math.Ceiling(Math.Min(5, Options.WriteTimeout.TotalSeconds)),
    };

    protected override async Task ConfigureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = Pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }
}
