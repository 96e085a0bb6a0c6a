using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data;

/// <summary>Opens connections for the configured provider, with SQLite's durability settings applied.</summary>
public sealed class ConnectionFactory(DatabaseOptions options)
{
    // synchronous=FULL is per connection: every pooled connection must carry it for a 201 to mean durable.
    private const string SqlitePragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

    public DatabaseOptions Options => options;

    public SqlDialect Dialect { get; } = options.Provider == DatabaseProvider.Sqlite ? SqlDialect.Sqlite : SqlDialect.SqlServer;

    /// <summary>
    /// SQLite has one writer at a time, and a writer that finds the lock taken sleeps and polls
    /// (busy_timeout), which starves throughput and spikes latency under load. Writers of this process
    /// queue here instead, in order; null for SQL Server, which has row locks.
    /// </summary>
    public SemaphoreSlim? WriteGate { get; } = options.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = options.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(options.ConnectionString)
            : new SqlConnection(options.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = SqlitePragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
