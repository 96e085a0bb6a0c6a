using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

public sealed record AlertLatencyResult(
    int Dashboards,
    int ReadingsPerSecond,
    long Readings,
    long AlarmingReadings,
    long ConnectionErrors,
    long MissedDeliveries,
    LatencySummary PostToAlert,
    long PeakWorkingSetBytes);

/// <summary>
/// K dashboards joined to a ward while readings arrive at a fixed rate, a tenth of them alarming (RR 7
/// with POSS 3, each on a patient without an open alert): the time from sending the POST to each
/// dashboard's alertRaised.
/// </summary>
public static class AlertLatency
{
    public const int AlarmingEvery = 10;

    public static async Task<AlertLatencyResult> RunAsync(Staff staff, string ward, IReadOnlyList<Guid> fresh, IReadOnlyList<Guid> steady, int dashboards, int perSecond, TimeSpan duration, bool withStalledBoard = false)
    {
        // One more board, on stateful reconnect like the dashboard's, that stops reading once joined: not measured.
        var stall = new StallingWebSocket.Switch();
        await using var stalled = withStalledBoard ? await StalledBoardAsync(staff, ward, stall) : null;
        var sentAt = new ConcurrentDictionary<Guid, long>();
        var latency = new Latency();
        var received = new long[dashboards];
        long connectionErrors = 0;
        var connections = new HubConnection[dashboards];
        await Parallel.ForEachAsync(Enumerable.Range(0, dashboards), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(staff.Service.BaseAddress, "/hubs/ward"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(staff.NurseToken))
                .Build();
            connection.On<JsonObject>("alertRaised", wardEvent =>
            {
                var admission = Guid.Parse((string)wardEvent["admissionId"]!);
                if ((string?)wardEvent["alert"]?["code"] == "respiratory-depression" && sentAt.TryGetValue(admission, out var sent))
                {
                    latency.Record(Stopwatch.GetElapsedTime(sent));
                    Interlocked.Increment(ref received[i]);
                }
            });
            try
            {
                await connection.StartAsync(cancellationToken);
                await connection.InvokeAsync<JsonObject>("JoinWard", ward, null, cancellationToken);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref connectionErrors);
            }
            connections[i] = connection;
        });

        using var nurse = staff.Nurse();
        long alarming = 0;
        var load = await Load.OpenAsync($"readings for {dashboards} dashboards", perSecond, duration, staff.Service.ProcessId!.Value, async index =>
        {
            var isAlarming = index % AlarmingEvery == 0 && index / AlarmingEvery < fresh.Count;
            var admission = isAlarming ? fresh[(int)(index / AlarmingEvery)] : steady[(int)(index % steady.Count)];
            if (isAlarming)
            {
                sentAt[admission] = Stopwatch.GetTimestamp();
            }
            using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", isAlarming ? Staff.Vitals(7, "3") : Staff.Vitals());
            // A reading refused past capacity (503) raised nothing, so no board can be expected to hear it.
            if (isAlarming && response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref alarming);
            }
            return response.IsSuccessStatusCode;
        });

        // Every dashboard must hear every alarm; give stragglers a bounded moment.
        var deadline = Stopwatch.StartNew();
        while (received.Any(count => count < alarming) && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }
        var connected = dashboards - connectionErrors;
        var missed = connected * alarming - received.Sum();
        stall.Release();
        await Parallel.ForEachAsync(connections, async (connection, _) => await connection.DisposeAsync());
        return new AlertLatencyResult(dashboards, perSecond, load.Succeeded, alarming, connectionErrors, missed, latency.Summary(), load.PeakWorkingSetBytes);
    }

    private static async Task<HubConnection> StalledBoardAsync(Staff staff, string ward, StallingWebSocket.Switch stall)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(staff.Service.BaseAddress, "/hubs/ward"), options =>
            {
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(staff.NurseToken);
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var socket = new System.Net.WebSockets.ClientWebSocket();
                    socket.Options.SetRequestHeader("Authorization", $"Bearer {staff.NurseToken}");
                    await socket.ConnectAsync(context.Uri, cancellationToken);
                    return new StallingWebSocket(socket, stall);
                };
            })
            .WithStatefulReconnect()
            .Build();
        connection.On<JsonObject>("observationRecorded", _ => { });
        connection.On<JsonObject>("alertRaised", _ => { });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonObject>("JoinWard", ward, null);
        stall.Stop();
        return connection;
    }
}
