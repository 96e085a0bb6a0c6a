using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Hosting;
using Monitoring.DeviceSimulator;

namespace Monitoring.Api.Devices;

/// <summary>
/// With <c>--demo</c>, simulated bedside monitors at every occupied bed of the demo ward, sending over MLLP to
/// this service's own listener: most stable, the deteriorating patient's RR and SpO2 falling slowly, one probe
/// coming off, one monitor going silent.
/// </summary>
public sealed class DemoMonitors(IServiceScopeFactory scopes, IOptions<DevicesOptions> options, IHostApplicationLifetime lifetime, ILogger<DemoMonitors> logger)
    : BackgroundService
{
    private const string Occupied = "SELECT bed_code AS Bed, mrn AS Mrn FROM admissions WHERE ward_code = @Ward AND discharged_at IS NULL ORDER BY bed_code";

    private static readonly Dictionary<string, Story> Stories = new(StringComparer.Ordinal)
    {
        [$"{DemoSeed.Ward}-{DemoPatients.Deteriorating + 1:00}"] = Story.OpioidDepression,
        [$"{DemoSeed.Ward}-{DemoPatients.SevereWithdrawal + 1:00}"] = Story.ProbeOff,
        [$"{DemoSeed.Ward}-{DemoPatients.AlcoholWithdrawal + 1:00}"] = Story.Silent,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The listener accepts connections once the server has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var beds = await session.QueryAsync<BedRow>(Occupied, new { Ward = DemoSeed.Ward }, stoppingToken);
        var monitors = beds.Select((bed, index) => new SimulatedMonitor(DemoSeed.Ward, bed.Bed, bed.Mrn, Stories.GetValueOrDefault(bed.Bed, Story.Stable), index + 1)).ToList();
        logger.LogInformation("Demo: {Count} simulated monitors feed ward {Ward} over MLLP port {Port}", monitors.Count, DemoSeed.Ward, options.Value.MllpPort);
        var runner = new MonitorRunner("127.0.0.1", options.Value.MllpPort, TimeSpan.FromSeconds(1), message => logger.LogInformation("Demo monitor {Message}", message));
        await runner.RunAsync(monitors, stoppingToken);
    }

    private sealed record BedRow
    {
        public string Bed { get; init; } = "";
        public string Mrn { get; init; } = "";
    }
}
