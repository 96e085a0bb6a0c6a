using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Api.Hosting;
using Monitoring.Api.Realtime;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// The service's own composition, hosted in the test process on a loopback port over a real SQLite
/// file, with a clock the test moves: for rules that depend on time passing (escalation, overdue).
/// </summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataPath;

    private InProcessService(WebApplication app, string dataPath, FakeTimeProvider clock)
    {
        _app = app;
        _dataPath = dataPath;
        Clock = clock;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The running service's container: its endpoints, meters and singletons, for tests that read them.</summary>
    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress { get; }

    public static async Task<InProcessService> StartAsync()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = RepositoryPaths.ApiProject,
            EnvironmentName = "Production",
        });
        builder.Configuration["Monitoring:DataPath"] = dataPath;
        builder.Configuration["MONITORING_ADMIN_PASSWORD"] = ServiceProcess.AdminPassword;
        // The test sweeps explicitly; the background timer stays out of the way.
        builder.Configuration[AlertClock.IntervalKey] = TimeSpan.FromDays(30).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddMonitoringServices();
        builder.Services.AddSingleton<TimeProvider>(clock);

        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UseMonitoringPipeline();
        app.MapMonitoringEndpoints();
        await app.StartAsync();
        return new InProcessService(app, dataPath, clock);
    }

    public Task SweepAsync() => _app.Services.GetRequiredService<AlertClock>().SweepAsync(CancellationToken.None);

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
