using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Hosting;

public static class DatabaseStartup
{
    /// <summary>Migrates, then makes sure somebody can sign in; the service does not listen before both are done.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Database");
        Migrations.Apply(options, logger);
        await ObservationKinds.EnsureAsync(app.Services.GetRequiredService<ConnectionFactory>(), cancellationToken);
        logger.LogInformation("Database ready: {Provider} ({Location})", options.Provider,
            options.Provider == DatabaseProvider.Sqlite ? Path.Combine(options.DataPath, DatabaseOptions.SqliteFileName) : "SQL Server");
        await FirstRunAdmin.EnsureAsync(
            app.Services.GetRequiredService<ConnectionFactory>(),
            app.Configuration,
            app.Services.GetRequiredService<TimeProvider>(),
            cancellationToken);
    }
}
