using System.Diagnostics.Metrics;

namespace Monitoring.Api.Data;

public static class DatabaseSetup
{
    /// <summary>The configured provider as the one database object of the service, and everything built on it.</summary>
    public static IServiceCollection AddMonitoringDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        // Made by a factory so that the container disposes it (the shared writer's connection) at stop.
        services.AddSingleton(container =>
        {
            var provider = ConnectionFactory.Create(options, new DatabaseMeters(container.GetRequiredService<IMeterFactory>()));
            // Before any query: every one goes through a connection of this provider.
            DapperTypeHandlers.Register(provider);
            return provider;
        });
        services.AddSingleton<StoreHealth>();
        services.AddDatabaseResilience();
        services.AddScoped<DbSession>();
        return services;
    }
}
