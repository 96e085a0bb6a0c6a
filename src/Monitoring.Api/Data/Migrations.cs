using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data;

/// <summary>Applies the numbered forward-only scripts of sql/&lt;provider&gt;/ at start-up.</summary>
public static class Migrations
{
    public static void Apply(DatabaseOptions options, ILogger logger)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = options.Provider == DatabaseProvider.Sqlite ? "sqlite." : "sqlserver.";

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            EnableWriteAheadLog(options.ConnectionString);
        }
        else
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString);
        }

        // SQLite rebuilds a table to change a constraint, which foreign-key enforcement forbids mid-transaction
        // (its documented procedure): scripts run with enforcement off, and every reference is checked after.
        var migrationConnection = options.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(options.ConnectionString) { ForeignKeys = false }.ToString()
            : options.ConnectionString;
        var builder = options.Provider == DatabaseProvider.Sqlite
            ? DeployChanges.To.SqliteDatabase(migrationConnection)
            : DeployChanges.To.SqlDatabase(options.ConnectionString);

        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var scripts = upgrader.GetScriptsToExecute();
        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
        foreach (var script in scripts)
        {
            logger.LogInformation("Applied migration {Script}", script.Name);
        }
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            CheckForeignKeys(options.ConnectionString);
        }
    }

    private static void CheckForeignKeys(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check;";
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            throw new InvalidOperationException($"After migration, table {reader.GetString(0)} holds a reference to a missing row of {reader.GetString(2)}.");
        }
    }

    // WAL is a property of the file: set once, every later connection uses it.
    private static void EnableWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused write-ahead logging (journal_mode={mode}).");
        }
    }
}
