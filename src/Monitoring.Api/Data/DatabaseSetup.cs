namespace Monitoring.Api.Data;

public static class DatabaseSetup
{
    /// <summary>The configured provider as the one database object of the service, and everything built on it.</summary>
    public static IServiceCollection AddMonitoringDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        var provider = ConnectionFactory.Create(options);
        DapperTypeHandlers.Register(provider);
        services.AddSingleton(options);
        services.AddSingleton(provider);
        services.AddDatabaseResilience();
        services.AddScoped<DbSession>();
        return services;
    }
}
