using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>The service's own meters, read in-process with a <see cref="MeterListener"/> while the real composition runs.</summary>
[NonParallelizable]
public sealed class TelemetryTests
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private MeterListener _listener = null!;
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Monitoring")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        _service = await InProcessService.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        _listener.Dispose();
    }

    [Test]
    public async Task Charting_an_alarm_counts_the_reading_the_alert_the_delivery_and_the_connection()
    {
        using var admin = await ClientAsync("admin", ServiceProcess.AdminPassword);
        var ward = "TEL" + Random.Shared.Next(1000, 9999);
        await PostAsync(admin, "/api/wards", new { code = ward, name = "Telemetry", beds = new[] { $"{ward}-01" } });
        await PostAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "telemetry-password-1", role = "nurse", wards = new[] { ward } });
        using var nurse = await ClientAsync($"nurse-{ward}", "telemetry-password-1");
        var token = nurse.DefaultRequestHeaders.Authorization!.Parameter!;
        var admission = (string)(await PostAsync(nurse, "/api/admissions", new { mrn = $"T{ward}", displayName = "T", dateOfBirth = "1980-01-01", ward, bed = $"{ward}-01", substances = new[] { "opioid" } }))["id"]!;

        await using var board = new WardListener(_service.BaseAddress, token);
        await board.JoinAsync(ward);
        await PostAsync(nurse, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), respiratoryRate = 7, sedation = "3" });
        await board.WaitForAsync(e => (string?)e["type"] == "alertRaised", TimeSpan.FromSeconds(15));
        using var anonymous = _service.CreateClient();
        using (var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = $"nurse-{ward}", password = "wrong-password-123" }))
        {
            Assert.That(refused.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        }
        _listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(Sum("monitoring.readings.charted", ("kind", "vitals")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.alerts.raised", ("code", "respiratory-depression"), ("priority", "high")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Count("monitoring.ward_events.delivery", ("type", "alertRaised")), Is.GreaterThanOrEqualTo(1));
            Assert.That(Sum("monitoring.hub.connections"), Is.GreaterThanOrEqualTo(1), "the board is connected");
            Assert.That(Sum("monitoring.sign_in.failures"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Count("monitoring.outbox.lag"), Is.GreaterThanOrEqualTo(1));
        });
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));

    private IEnumerable<double> Values(string instrument, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(tag => Equals(m.Tags.GetValueOrDefault(tag.Key)?.ToString(), tag.Value))).Select(m => m.Value);

    private double Sum(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Sum();

    private int Count(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Count();

    private async Task<HttpClient> ClientAsync(string username, string password)
    {
        using var anonymous = _service.CreateClient();
        return _service.CreateClient((string)(await PostAsync(anonymous, "/api/auth/token", new { username, password }))["accessToken"]!);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
