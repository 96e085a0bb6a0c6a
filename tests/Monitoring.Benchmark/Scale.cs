using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Monitoring.Benchmark;

public sealed record ReadLatency(string What, int Size, double MedianMs, double MaxMs);

/// <summary>How reads grow with ward size and with an admission's charted history.</summary>
public static class Scale
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'";

    public static async Task<ReadLatency> MeasureAsync(HttpClient client, string what, int size, string path, int repeats = 15)
    {
        var samples = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        samples.Sort();
        return new ReadLatency(what, size, samples[samples.Count / 2], samples[^1]);
    }

    /// <summary>
    /// Writes charted history straight into the service's SQLite file (the live service reads it
    /// through WAL), in the stored formats of sql/sqlite/0001_initial.sql: the API would take hours.
    /// </summary>
    public static async Task SeedHistoryAsync(string databasePath, Guid admissionId, Guid recordedBy, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=60");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 60000;");
        var start = DateTimeOffset.UtcNow.AddMinutes(-count * 15.0);
        const int Batch = 5000;
        for (var offset = 0; offset < count; offset += Batch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var rows = Enumerable.Range(offset, Math.Min(Batch, count - offset)).Select(i =>
            {
                var at = start.AddMinutes(i * 15.0).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
                return new { Id = Guid.NewGuid().ToString("D"), AdmissionId = admissionId.ToString("D"), At = at, By = recordedBy.ToString("D"), Rate = 12 + (i % 8) };
            }).ToList();
            await connection.ExecuteAsync(
                "INSERT INTO observations (id, admission_id, kind, observed_at, recorded_at, recorded_by) VALUES (@Id, @AdmissionId, 'vitals', @At, @At, @By)",
                rows, transaction);
            await connection.ExecuteAsync(
                """
                INSERT INTO vital_signs (observation_id, respiratory_rate, spo2, on_oxygen, systolic_bp, diastolic_bp, heart_rate, temperature_c,
                                         consciousness, sedation, spo2_scale, news2_total, news2_band, news2_parameters)
                VALUES (@Id, @Rate, 97, 0, 124, 78, 72, '36.8', 'A', '1', 1, 0, 'low',
                        '{"respiratoryRate":0,"spo2":0,"airOrOxygen":0,"systolicBp":0,"heartRate":0,"consciousness":0,"temperatureC":0}')
                """,
                rows, transaction);
            await transaction.CommitAsync();
        }
    }

    public static async Task<long> CountAsync(string databasePath, string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static async Task<string?> QueryUserIdAsync(string databasePath, string username)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT id FROM users WHERE username = @username", new { username });
    }
}
