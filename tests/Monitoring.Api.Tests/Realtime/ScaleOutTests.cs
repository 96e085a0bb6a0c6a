using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// Two instances on one database and a Redis SignalR backplane: a dashboard connected to one instance
/// hears the alarm charted through the other.
/// </summary>
[NonParallelizable]
public sealed class ScaleOutTests
{
    private Process? _redis;

    [OneTimeSetUp]
    public void StartRedis()
    {
        var redis = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (redis is null)
        {
            Assert.Ignore("Scale-out test not run: redis-server is missing (tests/tools/install-test-deps.sh installs it).");
        }
        Port = FreePort();
        _redis = Process.Start(new ProcessStartInfo(redis, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        WaitForPort(Port);
    }

    private int Port { get; set; }

    [OneTimeTearDown]
    public void StopRedis()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            _redis.WaitForExit();
        }
        _redis?.Dispose();
    }

    [Test]
    public async Task Alarm_charted_on_one_instance_reaches_a_dashboard_on_the_other()
    {
        var backplane = new Dictionary<string, string> { ["Monitoring__Redis"] = $"127.0.0.1:{Port}" };
        await using var first = await ServiceProcess.StartAsync(Store.Sqlite, environment: backplane);
        await using var second = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: first.DataPath, environment: backplane);

        using var admin = first.CreateClient(await TokenAsync(first, "admin", ServiceProcess.AdminPassword));
        using (var ward = await admin.PostAsJsonAsync("/api/wards", new { code = "SCALE", name = "Scale-out", beds = new[] { "SCALE-01" } }))
        using (var user = await admin.PostAsJsonAsync("/api/users", new { username = "scale-nurse", password = "scale-nurse-password", role = "nurse", wards = new[] { "SCALE" } }))
        {
            Assert.That(ward.IsSuccessStatusCode && user.IsSuccessStatusCode, Is.True);
        }
        var token = await TokenAsync(first, "scale-nurse", "scale-nurse-password");

        await using var dashboardOnSecond = new WardListener(second.BaseAddress, token);
        await dashboardOnSecond.JoinAsync("SCALE");

        using var nurseOnFirst = first.CreateClient(token);
        using var admit = await nurseOnFirst.PostAsJsonAsync("/api/admissions", new { mrn = "SCALE1", displayName = "S", dateOfBirth = "1980-01-01", ward = "SCALE", bed = "SCALE-01", substances = new[] { "opioid" } });
        var admission = (string)(await admit.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var charted = await nurseOnFirst.PostAsJsonAsync($"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = 7, sedation = "3" });
        Assert.That(charted.IsSuccessStatusCode, Is.True);

        var raised = await dashboardOnSecond.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["code"] == "respiratory-depression", TimeSpan.FromSeconds(15));
        Assert.That((string?)raised["admissionId"], Is.EqualTo(admission));
    }

    private static async Task<string> TokenAsync(ServiceProcess service, string username, string password)
    {
        using var client = service.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        Assert.Fail($"redis-server did not listen on {port}.");
    }
}
