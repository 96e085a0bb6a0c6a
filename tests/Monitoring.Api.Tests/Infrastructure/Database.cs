using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>Looks straight into the service's database, to prove what was and was not stored.</summary>
public sealed class Database(ServiceProcess service)
{
    public async Task<long> CountAsync(string table, string where = "1 = 1", object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}", parameters);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Ids are stored as text in SQLite and as uniqueidentifier in SQL Server.</summary>
    public object Id(Guid id) => service.Store == Store.Sqlite ? id.ToString("D") : id;

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = service.Store == Store.Sqlite
            ? new SqliteConnection($"Data Source={Path.Combine(service.DataPath, "monitoring.db")};Pooling=False")
            : new SqlConnection(service.SqlServerConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
