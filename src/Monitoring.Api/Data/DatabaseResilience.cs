using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Monitoring.Api.Data;

/// <summary>
/// Retries a whole transaction on transient faults only (SQLite BUSY/LOCKED, SQL Server deadlocks
/// and failovers), within a bounded budget; fails fast while the database is down.
/// </summary>
public static class DatabaseResilience
{
    public const string PipelineName = "database";

    public static IServiceCollection AddDatabaseResilience(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineName, (builder, context) =>
        {
            var dialect = context.ServiceProvider.GetRequiredService<ConnectionFactory>().Dialect;
            builder
                .AddTimeout(TimeSpan.FromSeconds(30))
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(IsInfrastructureFault),
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(5),
                })
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(dialect.IsTransient),
                    MaxRetryAttempts = 6,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(25),
                    MaxDelay = TimeSpan.FromSeconds(1),
                })
                .AddTimeout(TimeSpan.FromSeconds(10));
        });

    // Clinical validation and conflicts are answers, not faults: they must never open the circuit.
    private static bool IsInfrastructureFault(Exception exception) =>
        exception is System.Data.Common.DbException or TimeoutRejectedException or IOException;
}
