using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// Where the service keeps its data: the embedded SQLite file under <c>Monitoring:DataPath</c>,
/// or SQL Server when <c>ConnectionStrings:Monitoring</c> is set.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, string DataPath)
{
    public const string SqliteFileName = "monitoring.db";

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        // Data belongs to the operator's working directory, not to the application's folder (content root).
        var dataPath = Path.GetFullPath(configuration["Monitoring:DataPath"] ?? "data", Environment.CurrentDirectory);
        Directory.CreateDirectory(dataPath);

        var sqlServer = configuration.GetConnectionString("Monitoring");
        if (!string.IsNullOrWhiteSpace(sqlServer))
        {
            return new DatabaseOptions(DatabaseProvider.SqlServer, sqlServer, dataPath);
        }

        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, SqliteFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new DatabaseOptions(DatabaseProvider.Sqlite, sqlite.ToString(), dataPath);
    }
}
