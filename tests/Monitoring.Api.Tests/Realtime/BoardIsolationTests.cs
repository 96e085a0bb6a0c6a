using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// A board that stops reading (here a real SignalR client on stateful reconnect whose handler never
/// returns, so it neither reads nor acknowledges) must not delay any other board: it is dropped once its
/// own send queue is full, and the boards that read keep receiving alerts.
/// </summary>
public sealed class BoardIsolationTests
{
    // Above the dispatcher's largest pass (500 events), which arrives as one burst.
    private const int QueueLength = 600;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
    {
        ["Monitoring__Realtime__SendQueueLength"] = QueueLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task A_stalled_stateful_board_does_not_delay_the_alerts_of_the_others()
    {
        await using var ward = await StalledWardAsync();

        // Enough to fill the stalled board's stateful-reconnect buffer (100,000 bytes), not its queue.
        await ward.ChartAsync(batches: 5);
        var alert = await ward.RaiseAlertAsync();

        await ward.EveryReaderReceivesAsync(alert);
        ward.Stall.Release();
        // It was only slow: once it reads again it gets everything, the alert too, on the same connection.
        await ward.StalledReceives(alert).WaitAsync(Generous);
        Assert.That(ward.StalledClosed.IsCompleted, Is.False, "a board that was only slow is not dropped");
    }

    [Test]
    public async Task A_board_whose_queue_fills_is_dropped_and_catches_up_by_sequence()
    {
        await using var ward = await StalledWardAsync();

        // Far more than the stalled board's stateful buffer and its queue can hold.
        await ward.ChartAsync(batches: 20);
        var alert = await ward.RaiseAlertAsync();

        await ward.EveryReaderReceivesAsync(alert);
        Assert.That(_service.Output, Does.Contain("events behind and was disconnected"), "the stalled board was dropped, not left holding events");
        ward.Stall.Release();
        await ward.StalledClosed.WaitAsync(Generous);
        await using var rejoined = new WardListener(_service.BaseAddress, ward.Token);
        await rejoined.JoinAsync(ward.Code, since: ward.StalledLastSequence);
        await rejoined.WaitForAsync(e => (string?)e["id"] == alert, Generous);
    }

    private async Task<StalledWard> StalledWardAsync()
    {
        using var admin = await _service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        var code = $"ISO{Random.Shared.Next(10000, 99999)}";
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code, name = "Isolation", beds = new[] { $"{code}-01", $"{code}-02" } });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"n{code}", password = "isolation-password-1", role = "nurse", wards = new[] { code } });
        var token = await _service.TokenAsync($"n{code}", "isolation-password-1");
        var ward = new StalledWard(_service, code, token);
        await ward.StartAsync();
        return ward;
    }

    /// <summary>A ward with two patients, one stalled board (stateful reconnect, not reading) and three that read.</summary>
    private sealed class StalledWard(ServiceProcess service, string code, string token) : IAsyncDisposable
    {
        private readonly HttpClient _nurse = service.CreateClient(token);
        private readonly List<WardListener> _readers = [];
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _stalledReceived = new();
        private readonly TaskCompletionSource _stalledClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private HubConnection? _stalled;
        private Guid _charted;
        private Guid _deteriorating;
        private long _stalledLast;

        public string Code => code;

        public string Token => token;

        public StallingWebSocket.Switch Stall { get; } = new();

        public Task StalledClosed => _stalledClosed.Task;

        public long StalledLastSequence => Interlocked.Read(ref _stalledLast);

        public async Task StartAsync()
        {
            _charted = await AdmitAsync(_nurse, code, $"{code}-01");
            _deteriorating = await AdmitAsync(_nurse, code, $"{code}-02");
            _stalled = StalledBoard();
            await _stalled.StartAsync();
            var joined = await _stalled.InvokeAsync<JsonObject>("JoinWard", code, (long?)null);
            Interlocked.Exchange(ref _stalledLast, (long)joined["lastSequence"]!);
            Stall.Stop();
            for (var i = 0; i < 3; i++)
            {
                var reader = new WardListener(service.BaseAddress, token);
                _readers.Add(reader);
                await reader.JoinAsync(code);
            }
        }

        public async Task ChartAsync(int batches)
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-600);
            for (var batch = 0; batch < batches; batch++)
            {
                var readings = Enumerable.Range(0, 100).Select(i => Vitals(start.AddMinutes(((batch * 100) + i) * 0.25), 16)).ToList();
                await ServiceProcess.PostOkAsync(_nurse, $"/api/admissions/{_charted}/vitals/batch", new { readings });
            }
        }

        /// <summary>Charts respiratory depression and answers the id of its alertRaised event once a reader has it.</summary>
        public async Task<string> RaiseAlertAsync()
        {
            await ServiceProcess.PostOkAsync(_nurse, $"/api/admissions/{_deteriorating}/vitals", Vitals(DateTimeOffset.UtcNow.AddSeconds(-30), 7));
            var raised = await _readers[0].WaitForAsync(IsTheAlert, Generous);
            return (string)raised["id"]!;
        }

        public async Task EveryReaderReceivesAsync(string eventId)
        {
            foreach (var reader in _readers)
            {
                await reader.WaitForAsync(e => (string?)e["id"] == eventId, Generous);
            }
        }

        public Task StalledReceives(string eventId) => _stalledReceived.GetOrAdd(eventId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public async ValueTask DisposeAsync()
        {
            Stall.Release();
            foreach (var reader in _readers)
            {
                await reader.DisposeAsync();
            }
            if (_stalled is not null)
            {
                await _stalled.DisposeAsync();
            }
            _nurse.Dispose();
        }

        private bool IsTheAlert(JsonObject e) =>
            (string?)e["type"] == "alertRaised" && (string?)e["admissionId"] == _deteriorating.ToString() && (string?)e["alert"]!["code"] == "respiratory-depression";

        // The real client over a socket that stops being read once the board has joined: nothing more is
        // received and no acknowledgement frees the server's stateful-reconnect buffer, as with a frozen tablet.
        private HubConnection StalledBoard()
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(service.BaseAddress, "/hubs/ward"), options =>
                {
                    options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var socket = new ClientWebSocket();
                        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
                        await socket.ConnectAsync(context.Uri, cancellationToken);
                        return new StallingWebSocket(socket, Stall);
                    };
                })
                .WithStatefulReconnect()
                .Build();
            foreach (var name in new[] { "alertRaised", "alertChanged", "observationRecorded", "censusChanged", "audioPaused" })
            {
                connection.On<JsonObject>(name, e =>
                {
                    var sequence = (long)e["sequence"]!;
                    if (sequence > Interlocked.Read(ref _stalledLast))
                    {
                        Interlocked.Exchange(ref _stalledLast, sequence);
                    }
                    StalledReceives((string)e["id"]!);
                    _stalledReceived[(string)e["id"]!].TrySetResult();
                });
            }
            connection.Closed += _ =>
            {
                _stalledClosed.TrySetResult();
                return Task.CompletedTask;
            };
            return connection;
        }
    }

    private static async Task<Guid> AdmitAsync(HttpClient nurse, string ward, string bed)
    {
        var body = new
        {
            mrn = $"M{Guid.NewGuid():N}"[..12],
            displayName = "Isolation Patient",
            dateOfBirth = "1980-01-01",
            ward,
            bed,
            substances = new[] { "opioid" },
            spo2Scale = 1,
            admittedAt = DateTimeOffset.UtcNow.AddHours(-11).ToString("O"),
        };
        return Guid.Parse((string)(await ServiceProcess.PostOkAsync(nurse, "/api/admissions", body))["id"]!);
    }

    private static Dictionary<string, object?> Vitals(DateTimeOffset observedAt, int respiratoryRate) => new()
    {
        ["observedAt"] = observedAt.ToString("O"),
        ["respiratoryRate"] = respiratoryRate,
        ["spo2"] = 97,
        ["onOxygen"] = false,
        ["systolicBp"] = 124,
        ["diastolicBp"] = 78,
        ["heartRate"] = 72,
        ["temperatureC"] = 36.8m,
        ["consciousness"] = "A",
        ["sedation"] = respiratoryRate < 8 ? "3" : "1",
    };
}
