using Polly;
using Polly.Retry;

namespace Monitoring.Api.Data;

/// <summary>
/// Retries a whole transaction on transient faults only (SQLite BUSY/LOCKED, SQL Server deadlocks
/// and failovers), within the write timeout (<c>Monitoring:Database:WriteTimeoutSeconds</c>).
/// </summary>
public static class DatabaseResilience
{
    public const string PipelineName = "database";

    public static IServiceCollection AddDatabaseResilience(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineName, (builder, context) =>
        {
            var factory = context.ServiceProvider.GetRequiredService<ConnectionFactory>();
            var dialect = factory.Dialect;
            // The whole write, its wait for the writer's turn and its retries included, is bounded: then 503.
            // The breaker is StoreHealth's (opened by lasting faults only, closed by the first success).
            // Retry delays and the deadline are elapsed time on the machine, never the clock the clinical rules run on.
            builder.TimeProvider = TimeProvider.System;
            builder
                .AddTimeout(factory.Options.WriteTimeout)
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(dialect.IsTransient),
                    MaxRetryAttempts = 6,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(25),
                    MaxDelay = TimeSpan.FromSeconds(1),
                });
        });
}
