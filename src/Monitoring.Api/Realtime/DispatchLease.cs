using System.Diagnostics;
using Monitoring.Api.Data;

namespace Monitoring.Api.Realtime;

/// <summary>
/// The right to dispatch the outbox, held in the database by one instance at a time and renewed while
/// it dispatches. An instance that dies stops renewing; another takes the lease once it has expired.
/// A restarted instance (same name) takes its own lease back at once.
/// </summary>
public sealed class DispatchLease(ConnectionFactory factory, IConfiguration configuration, ILogger<DispatchLease> logger)
{
    public const string DurationKey = "Monitoring:Outbox:LeaseSeconds";
    public const string InstanceNameKey = "Monitoring:InstanceName";

    private long _renewedAt;

    /// <summary>This instance: <c>Monitoring:InstanceName</c>, or host name and listen address.</summary>
    public string Holder { get; } = configuration[InstanceNameKey] is { Length: > 0 } name
        ? name
        : $"{Environment.MachineName} {configuration["urls"] ?? "default"}";

    public TimeSpan Duration { get; } = TimeSpan.FromSeconds(configuration.GetValue(DurationKey, 5.0));

    public bool IsHeld { get; private set; }

    /// <summary>
    /// True while this instance holds the lease. Renews it at most every fifth of its duration, so a
    /// busy dispatcher adds about one write a second, not one per batch.
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (IsHeld && Stopwatch.GetElapsedTime(_renewedAt) < Duration / 5)
        {
            return true;
        }
        var attempted = Stopwatch.GetTimestamp();
        await using var session = new DbSession(factory);
        var held = await session.ExecuteAsync(AcquireSql(factory.Dialect), new { Holder, DurationMs = (long)Duration.TotalMilliseconds }, cancellationToken) == 1;
        if (held != IsHeld)
        {
            logger.LogInformation(held ? "{Holder} now dispatches ward events" : "{Holder} no longer dispatches ward events", Holder);
        }
        IsHeld = held;
        _renewedAt = attempted;
        return held;
    }

    /// <summary>Takes the lease when it is free or lapsed, or renews it for its holder, on the database's clock.</summary>
    internal static string AcquireSql(SqlDialect dialect) => $"""
        UPDATE dispatch_leases
        SET generation = CASE WHEN holder = @Holder THEN generation ELSE generation + 1 END,
            holder = @Holder,
            expires_at = {dialect.NowMilliseconds} + @DurationMs
        WHERE name = 'outbox' AND (holder = @Holder OR holder IS NULL OR expires_at < {dialect.NowMilliseconds})
        """;

    /// <summary>On a clean stop: lets another instance take over at once instead of after expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!IsHeld)
        {
            return;
        }
        IsHeld = false;
        await using var session = new DbSession(factory);
        await session.ExecuteAsync("UPDATE dispatch_leases SET holder = NULL, expires_at = 0 WHERE name = 'outbox' AND holder = @Holder", new { Holder }, cancellationToken);
    }
}
