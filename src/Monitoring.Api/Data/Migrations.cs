using System.Reflection;
using DbUp.Engine;

namespace Monitoring.Api.Data;

/// <summary>Applies the numbered forward-only scripts of sql/&lt;provider&gt;/ at start-up, with the provider's runner.</summary>
public static class Migrations
{
    public static void Apply(DatabaseOptions options, ILogger logger) => Apply(ConnectionFactory.Create(options), logger);

    public static void Apply(ConnectionFactory provider, ILogger logger)
    {
        provider.PrepareForMigrations();
        var (builder, prefix) = provider.MigrationRunner();
        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var scripts = upgrader.GetScriptsToExecute();
        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
        provider.VerifyAfterMigrations();
        foreach (var script in scripts)
        {
            logger.LogInformation("Applied migration {Script}", script.Name);
        }
    }
}
