using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Monitoring.Api.Data;

namespace Monitoring.Api.Tests.Data;

/// <summary>A SQLite file (not migrated) in WAL with one table, removed afterwards.</summary>
internal sealed class TemporarySqliteDatabase : IAsyncDisposable
{
    private readonly string _dataPath;

    private TemporarySqliteDatabase(string dataPath, ConnectionFactory factory) => (_dataPath, Factory) = (dataPath, factory);

    public ConnectionFactory Factory { get; }

    public static async Task<TemporarySqliteDatabase> CreateAsync(params (string Key, string Value)[] settings)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var factory = ConnectionFactory.Create(DatabaseOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))
                .Append(new KeyValuePair<string, string?>("Monitoring:DataPath", dataPath))).Build()));
        factory.PrepareForMigrations();
        await using var setup = new SqliteConnection(factory.Options.ConnectionString);
        await setup.ExecuteAsync("CREATE TABLE readings (id INTEGER PRIMARY KEY)");
        return new TemporarySqliteDatabase(dataPath, factory);
    }

    public async Task<long> CountAsync()
    {
        await using var connection = new SqliteConnection(Factory.Options.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM readings");
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }
}
