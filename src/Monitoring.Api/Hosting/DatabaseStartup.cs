using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Hosting;

public static class DatabaseStartup
{
    /// <summary>Migrates, then makes sure somebody can sign in; the service does not listen before both are done.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var provider = app.Services.GetRequiredService<ConnectionFactory>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Database");
        Migrations.Apply(provider, logger);
        await ObservationKinds.EnsureAsync(app.Services.GetRequiredService<ConnectionFactory>(), cancellationToken);
        logger.LogInformation("Database ready: {Provider} ({Location})", provider.Provider, provider.Location);
        await FirstRunAdmin.EnsureAsync(
            app.Services.GetRequiredService<ConnectionFactory>(),
            app.Configuration,
            app.Services.GetRequiredService<TimeProvider>(),
            cancellationToken);
    }
}
