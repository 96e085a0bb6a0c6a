using System.Data;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;

namespace Monitoring.Api.Data.Providers;

/// <summary>SQL Server: native types, row locks (no write gate), the database created on first start.</summary>
public sealed class SqlServerProvider(DatabaseOptions options) : ConnectionFactory(options, meters: null)
{
    private const int CannotOpenDatabase = 4060;

    public override SqlDialect Dialect => SqlDialect.SqlServer;

    public override string Location
    {
        get
        {
            var builder = new SqlConnectionStringBuilder(Options.ConnectionString);
            return $"SQL Server {builder.DataSource}, database {builder.InitialCatalog}";
        }
    }

    public override Type ParameterType => typeof(SqlParameter);

    // A contained database user cannot open master: create the database only when it cannot be opened.
    public override void PrepareForMigrations()
    {
        try
        {
            using var connection = new SqlConnection(Options.ConnectionString);
            connection.Open();
        }
        catch (SqlException exception) when (exception.Number == CannotOpenDatabase)
        {
            EnsureDatabase.For.SqlDatabase(Options.ConnectionString);
        }
    }

    public override (UpgradeEngineBuilder Builder, string ScriptPrefix) MigrationRunner() =>
        (DeployChanges.To.SqlDatabase(Options.ConnectionString), "sqlserver.");

    public override void Bind(IDbDataParameter parameter, Guid value)
    {
        parameter.DbType = DbType.Guid;
        parameter.Value = value;
    }

    public override void Bind(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.DateTimeOffset;
        parameter.Value = value.ToUniversalTime();
    }

    public override void Bind(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value.ToDateTime(TimeOnly.MinValue);
    }

    protected override DbConnection CreateConnection() => new SqlConnection(Options.ConnectionString);
}
