using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Devices;
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

    private InProcessService(WebApplication app, string dataPath, SteppingClock clock, int? mllpPort)
    {
        _app = app;
        _dataPath = dataPath;
        Clock = clock;
        // The MLLP listener is an address of the server too: the HTTP one is the other.
        BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address)).First(address => address.Port != mllpPort);
    }

    public SteppingClock Clock { get; }

    /// <summary>The running service's container: its endpoints, meters and singletons, for tests that read them.</summary>
    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress { get; }

    /// <param name="mllpPort">Opens the monitor feed's MLLP listener on this port (its alarm sweep, like the alert clock, runs when the test says).</param>
    public static async Task<InProcessService> StartAsync(int? mllpPort = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var clock = new SteppingClock(DateTimeOffset.UtcNow);
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
        // As ServiceProcess: a loaded test machine is not a reason to refuse a write.
        builder.Configuration["Monitoring:Database:WriteTimeoutSeconds"] = "30";
        builder.Configuration[Monitoring.Api.Devices.Alarms.MonitorAlarmSweep.IntervalKey] = TimeSpan.FromDays(30).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (mllpPort is { } port)
        {
            builder.Configuration["Monitoring:Devices:MllpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddMonitoringServices();
        // As Program.cs: the monitor feed (the board shows monitor values); MLLP only when a port is given.
        builder.AddMonitorFeed();
        builder.Services.AddSingleton<TimeProvider>(clock);

        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UseMonitoringPipeline();
        app.MapMonitoringEndpoints();
        await app.StartAsync();
        return new InProcessService(app, dataPath, clock, mllpPort);
    }

    public Task SweepAsync() => _app.Services.GetRequiredService<AlertClock>().SweepAsync(CancellationToken.None);

    /// <summary>The monitor feed's sweep: offline monitors and the auto-resolve of cleared, acknowledged monitor alerts.</summary>
    public Task SweepMonitorsAsync() => _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
        .OfType<Monitoring.Api.Devices.Alarms.MonitorAlarmSweep>().Single().SweepAsync(CancellationToken.None);

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Signs in through the API: a client that carries the user's token.</summary>
    public async Task<HttpClient> SignedInAsync(string username, string password)
    {
        using var anonymous = CreateClient();
        return CreateClient((string)(await PostOkAsync(anonymous, "/api/auth/token", new { username, password }))["accessToken"]!);
    }

    /// <summary>A new one-bed ward, a nurse of it signed in, and an opioid patient admitted <paramref name="admittedAgo"/> before the clock's now.</summary>
    public async Task<WardWithPatient> NewWardWithPatientAsync(string prefix, TimeSpan? admittedAgo = null)
    {
        using var admin = await SignedInAsync("admin", ServiceProcess.AdminPassword);
        var ward = prefix + Random.Shared.Next(1000, 9999);
        await PostOkAsync(admin, "/api/wards", new { code = ward, name = $"Ward {ward}", beds = new[] { $"{ward}-01" } });
        await PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = WardWithPatient.NursePassword, role = "nurse", wards = new[] { ward } });
        var nurse = await SignedInAsync($"nurse-{ward}", WardWithPatient.NursePassword);
        var admission = (string)(await PostOkAsync(nurse, "/api/admissions", new
        {
            mrn = $"M{ward}",
            displayName = "Patient",
            dateOfBirth = "1980-01-01",
            ward,
            bed = $"{ward}-01",
            substances = new[] { "opioid" },
            admittedAt = (Clock.GetUtcNow() - (admittedAgo ?? TimeSpan.Zero)).ToString("O"),
        }))["id"]!;
        return new WardWithPatient(ward, nurse, admission);
    }

    /// <summary>Posts JSON and asserts success, failing with the answer's body.</summary>
    public static async Task<JsonObject> PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        return JsonNode.Parse(text)!.AsObject();
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

/// <summary>A ward of one test, its nurse signed in, and the patient admitted to its only bed.</summary>
public sealed record WardWithPatient(string Ward, HttpClient Nurse, string Admission) : IDisposable
{
    public const string NursePassword = "ward-nurse-password-1";

    public void Dispose() => Nurse.Dispose();
}
