using Monitoring.Api.Devices;
using Monitoring.Api.Hosting;

var demo = args.Contains(DemoSeed.Switch);
try
{
    var builder = MonitoringHost.CreateBuilder(args.Where(arg => arg != DemoSeed.Switch).ToArray());
    builder.AddMonitoringServices();
    // --demo also feeds the demo ward from simulated monitors over MLLP on port 2575.
    builder.AddMonitorFeed(demo ? 2575 : null);

    var app = builder.Build();
    await app.PrepareDatabaseAsync();
    if (demo)
    {
        await DemoSeed.RunAsync(app);
    }
    app.UseMonitoringPipeline();
    app.MapMonitoringEndpoints();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is not OperationCanceledException)
{
    return StartupFailure.Report(exception);
}

/// <summary>Entry point, visible to tests that host the service in-process.</summary>
public partial class Program;
