using System.Globalization;
using Microsoft.AspNetCore.Connections;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Hosting;

/// <summary>
/// Keeps open connections below the process's file-descriptor limit: at the limit the runtime cannot open a file,
/// a socket or a pipe and the process ends ("Out of memory."), so whoever can open connections could stop the
/// ward's alarms. One budget for every listener (HTTP, WebSockets, MLLP): past it a new connection is closed at
/// once and counted, and the descriptors kept in reserve serve the store, logs and outgoing calls.
/// </summary>
public static class ConnectionLimits
{
    public const string MaxConnectionsKey = "Monitoring:Limits:MaxConnections";
    public const string DescriptorReserveKey = "Monitoring:Limits:DescriptorReserve";
    public const string MaxUpgradedConnectionsKey = "Monitoring:Limits:MaxUpgradedConnections";
    public const string RequestHeadersTimeoutKey = "Monitoring:Limits:RequestHeadersTimeoutSeconds";
    public const string KeepAliveTimeoutKey = "Monitoring:Limits:KeepAliveTimeoutSeconds";

    private const int MinimumConnections = 32;
    private const string LimitsFile = "/proc/self/limits";
    private const string DescriptorsFolder = "/proc/self/fd";

    public static WebApplicationBuilder AddConnectionLimits(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Configured as the server starts: the store is open and most assemblies (each an open file) are loaded.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(RequestHeadersTimeoutKey, 15)));
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(KeepAliveTimeoutKey, 60)));
            var reserve = Math.Max(0, configuration.GetValue(DescriptorReserveKey, 256));
            var files = OpenFilesLimit();
            var inUse = OpenDescriptors();
            var budget = configuration.GetValue<int?>(MaxConnectionsKey)
                ?? (files is { } limit && inUse is { } open ? (int)Math.Clamp(limit - open - reserve, MinimumConnections, int.MaxValue) : null);
            if (budget is not { } connections)
            {
                return;
            }
            // Boards hold their WebSocket for the shift: half the budget keeps room for sign-ins, charting and probes.
            kestrel.Limits.MaxConcurrentUpgradedConnections = configuration.GetValue<long?>(MaxUpgradedConnectionsKey) ?? Math.Max(1, connections / 2);
            var services = kestrel.ApplicationServices;
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectionLimits)).LogInformation(
                "At most {Connections} connections open at once, {Upgraded} of them WebSockets (open-files limit {Files}, {InUse} in use at start, {Reserve} kept in reserve)",
                connections, kestrel.Limits.MaxConcurrentUpgradedConnections, files, inUse, reserve);
            var gate = new ConnectionBudget(connections, services.GetRequiredService<FaultLog>());
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(gate.Wrap));
        });
        return builder;
    }

    private static int? OpenDescriptors()
    {
        return Directory.Exists(DescriptorsFolder) ? Directory.EnumerateFileSystemEntries(DescriptorsFolder).Count() : null;
    }

    /// <summary>The soft limit of open files (Linux <c>/proc/self/limits</c>); null where it cannot be read or is unlimited.</summary>
    public static long? OpenFilesLimit()
    {
        if (!File.Exists(LimitsFile))
        {
            return null;
        }
        var line = File.ReadLines(LimitsFile).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    private sealed class ConnectionBudget(int limit, FaultLog faults)
    {
        private int _open;

        public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
        {
            if (Interlocked.Increment(ref _open) > limit)
            {
                Interlocked.Decrement(ref _open);
                faults.Record("Connections refused: at the connection limit", log => log.LogWarning(
                    "Connections refused: {Limit} are open ({Key}, or the open-files limit less those in use at start and {ReserveKey}); each new one is closed at once until some end",
                    limit, MaxConnectionsKey, DescriptorReserveKey));
                connection.Abort(new ConnectionAbortedException("At the connection limit."));
                return;
            }
            try
            {
                await next(connection);
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        };
    }
}
