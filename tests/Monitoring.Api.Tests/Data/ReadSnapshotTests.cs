using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Api.Data;

namespace Monitoring.Api.Tests.Data;

/// <summary>The reads of one timeline page share a snapshot on SQLite: a row committed between them is not half seen.</summary>
public sealed class ReadSnapshotTests
{
    private const string CountWards = "SELECT COUNT(*) FROM wards";
    private const string AddWard = "INSERT INTO wards (code, name, created_at) VALUES (@Code, 'Snapshot ward', '2026-11-25T12:00:00.0000000+00:00')";

    private string _folder = "";
    private DatabaseOptions _options = null!;

    [SetUp]
    public void CreateDatabase()
    {
        _folder = Directory.CreateTempSubdirectory("snapshot-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, DatabaseOptions.SqliteFileName), Pooling = false }.ToString();
        _options = new DatabaseOptions(DatabaseProvider.Sqlite, connectionString, _folder);
        Migrations.Apply(_options, NullLogger.Instance);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Reads_in_a_snapshot_do_not_see_a_row_committed_between_them_and_do_not_block_the_writer()
    {
        await using var session = new DbSession(ConnectionFactory.Create(_options));
        var (first, second) = await session.ReadSnapshotAsync(async () =>
        {
            var before = await session.ExecuteScalarAsync<long>(CountWards, null, CancellationToken.None);
            await WriteElsewhereAsync("SNAP1");
            return (before, await session.ExecuteScalarAsync<long>(CountWards, null, CancellationToken.None));
        }, CancellationToken.None);

        Assert.That(second, Is.EqualTo(first), "one snapshot for both reads");
        Assert.That(await session.ExecuteScalarAsync<long>(CountWards, null, CancellationToken.None), Is.EqualTo(first + 1), "the row is there after it");
        Assert.That(session.InTransaction, Is.False);
    }

    [Test]
    public async Task Reads_outside_a_snapshot_see_each_commit()
    {
        await using var session = new DbSession(ConnectionFactory.Create(_options));
        var before = await session.ExecuteScalarAsync<long>(CountWards, null, CancellationToken.None);
        await WriteElsewhereAsync("SNAP2");
        Assert.That(await session.ExecuteScalarAsync<long>(CountWards, null, CancellationToken.None), Is.EqualTo(before + 1));
    }

    private async Task WriteElsewhereAsync(string code)
    {
        await using var writer = new SqliteConnection(_options.ConnectionString);
        await writer.OpenAsync();
        await writer.ExecuteAsync("PRAGMA busy_timeout = 1000;");
        await writer.ExecuteAsync(AddWard, new { Code = code });
    }
}
