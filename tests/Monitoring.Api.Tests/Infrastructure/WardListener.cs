using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// A dashboard as the contract describes one: real SignalR client; drops duplicates by id; applies
/// events strictly in sequence order, holding back any that arrive ahead of a gap until the gap is filled.
/// </summary>
public sealed class WardListener : IAsyncDisposable
{
    private static readonly string[] EventNames = ["alertRaised", "alertChanged", "observationRecorded", "censusChanged", "audioPaused"];

    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly SortedDictionary<long, JsonObject> _ahead = [];
    private readonly Lock _order = new();
    private long? _nextExpected;

    public WardListener(Uri baseAddress, string token)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/ward"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        foreach (var name in EventNames)
        {
            _connection.On<JsonObject>(name, ReceiveLive);
        }
    }

    public long LastSequence { get; private set; }

    public IReadOnlyList<JsonObject> Events => [.. _events];

    public int DuplicatesDropped { get; private set; }

    /// <summary>Every event as it came off the wire, duplicates included, with its Stopwatch timestamp.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    public async Task<JsonObject> JoinAsync(string ward, long? since = null)
    {
        if (_connection.State == HubConnectionState.Disconnected)
        {
            await _connection.StartAsync();
        }
        var result = await _connection.InvokeAsync<JsonObject>("JoinWard", ward, since);
        lock (_order)
        {
            // A snapshot covers everything up to lastSequence; a replay continues after `since`.
            _nextExpected ??= since is { } after ? after + 1 : (long)result["lastSequence"]! + 1;
            LastSequence = Math.Max(LastSequence, _nextExpected.Value - 1);
        }
        foreach (var missed in result["events"]!.AsArray())
        {
            Receive(missed!.DeepClone().AsObject());
        }
        Flush();
        return result;
    }

    public Task StopAsync() => _connection.StopAsync();

    /// <summary>The service's time, as a dashboard asks for it to know the link is alive.</summary>
    public Task<DateTimeOffset> HeartbeatAsync() => _connection.InvokeAsync<DateTimeOffset>("Heartbeat");

    /// <summary>Waits until an event matches, or fails the test after the timeout.</summary>
    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = _events.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching ward event within {timeout}; received {_events.Count}.");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void ReceiveLive(JsonObject wardEvent)
    {
        _arrivals.Enqueue(new Arrival((long)wardEvent["sequence"]!, (string)wardEvent["id"]!, System.Diagnostics.Stopwatch.GetTimestamp()));
        Receive(wardEvent);
    }

    private void Receive(JsonObject wardEvent)
    {
        lock (_order)
        {
            var sequence = (long)wardEvent["sequence"]!;
            if (_seen.ContainsKey((string)wardEvent["id"]!) || sequence < _nextExpected || _ahead.ContainsKey(sequence))
            {
                DuplicatesDropped++;
                return;
            }
            _ahead[sequence] = wardEvent;
        }
        Flush();
    }

    private void Flush()
    {
        lock (_order)
        {
            while (_nextExpected is { } next && _ahead.Remove(next, out var wardEvent))
            {
                _seen.TryAdd((string)wardEvent["id"]!, 0);
                LastSequence = next;
                _nextExpected = next + 1;
                _events.Enqueue(wardEvent);
                _arrived.Release();
            }
        }
    }
}

public sealed record Arrival(long Sequence, string Id, long Timestamp);
