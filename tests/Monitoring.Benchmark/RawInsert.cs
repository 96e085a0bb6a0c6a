using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Monitoring.Benchmark;

/// <summary>
/// The floor under ingest: one row per committed transaction on a SQLite file with the service's
/// settings (WAL, synchronous=FULL), without HTTP, validation, scoring, rules, audit or outbox.
/// </summary>
public static class RawInsert
{
    public static async Task<double> RowsPerSecondAsync(TimeSpan duration)
    {
        var path = Path.Combine(Path.GetTempPath(), $"raw-insert-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await connection.ExecuteAsync("""
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                CREATE TABLE readings (id TEXT PRIMARY KEY, admission_id TEXT NOT NULL, observed_at TEXT NOT NULL, respiratory_rate INTEGER, spo2 INTEGER);
                """);
            var clock = Stopwatch.StartNew();
            long rows = 0;
            while (clock.Elapsed < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync(
                    "INSERT INTO readings (id, admission_id, observed_at, respiratory_rate, spo2) VALUES (@Id, @AdmissionId, @ObservedAt, 16, 97)",
                    new { Id = Guid.NewGuid().ToString(), AdmissionId = "a", ObservedAt = DateTimeOffset.UtcNow.ToString("O") },
                    transaction);
                await transaction.CommitAsync();
                rows++;
            }
            return rows / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
