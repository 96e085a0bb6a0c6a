namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>The database a fixture runs the service on. SQL Server runs only when a connection string is given.</summary>
public enum Store
{
    Sqlite,
    SqlServer,
}

public static class StoreSettings
{
    public const string SqlServerVariable = "MONITORING_TEST_SQLSERVER";

    public static string? SqlServerConnectionString => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } value ? value : null;
}
