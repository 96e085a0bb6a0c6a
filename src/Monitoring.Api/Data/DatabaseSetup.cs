namespace Monitoring.Api.Data;

public static class DatabaseSetup
{
    /// <summary>The configured provider as the one database object of the service, and everything built on it.</summary>
    public static IServiceCollection AddMonitoringDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        var provider = ConnectionFactory.Create(options);
        DapperTypeHandlers.Register(provider);
        services.AddSingleton(options);
        // Made by a factory so that the container disposes it (the shared writer's connection) at stop.
        services.AddSingleton(_ => provider);
        services.AddSingleton<StoreHealth>();
        services.AddDatabaseResilience();
        services.AddScoped<DbSession>();
        return services;
    }
}
