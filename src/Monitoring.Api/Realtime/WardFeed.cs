using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Data;

namespace Monitoring.Api.Realtime;

public sealed record WardSnapshot(IReadOnlyList<AlertView> Alerts, BoardView Board);

public sealed record JoinResult(string Ward, long LastSequence, WardSnapshot? Snapshot, IReadOnlyList<WardEvent> Events);

/// <summary>What a dashboard needs on joining a ward: the state now, or what it missed.</summary>
public sealed class WardFeed(DbSession session, AlertReader alerts, BoardReader board, AuditTrail audit, IOptions<JsonOptions> json)
{
    /// <summary>A client further behind than this reloads the snapshot instead.</summary>
    public const int MaximumReplay = 10_000;

    private const string Exists = "SELECT COUNT(*) FROM wards WHERE code = @Ward";
    private const string LastSequence = "SELECT last_sequence FROM ward_sequences WHERE ward_code = @Ward";
    private const string Since = "SELECT payload FROM outbox WHERE ward_code = @Ward AND sequence > @Since ORDER BY sequence";

    public async Task<bool> ExistsAsync(string ward, CancellationToken cancellationToken) =>
        await session.ExecuteScalarAsync<long>(Exists, new { Ward = ward }, cancellationToken) > 0;

    public async Task<JoinResult> JoinAsync(string ward, long? sinceSequence, CancellationToken cancellationToken)
    {
        var last = await session.ExecuteScalarAsync<long>(LastSequence, new { Ward = ward }, cancellationToken);
        // A client ahead of the ward's last number holds numbers this database no longer has (a restore, a
        // lost WAL tail): events under those numbers would be dropped as seen, so it reloads the snapshot.
        if (sinceSequence is { } since && since >= 0 && since <= last && since >= last - MaximumReplay)
        {
            var payloads = await session.QueryAsync<string>(Since, new { Ward = ward, Since = since }, cancellationToken);
            // What is sent on must be durable: rows are visible a moment before their fsync ends.
            await session.DurableAsync();
            var events = payloads.Select(payload => JsonSerializer.Deserialize<WardEvent>(payload, json.Value.SerializerOptions)!).ToList();
            await audit.RecordAsync("ward.events-replayed", null, $"ward/{ward}/events>{since}", cancellationToken);
            return new JoinResult(ward, last, null, events);
        }

        var snapshot = new WardSnapshot(
            await alerts.OfWardAsync(ward, [AlertStatuses.Active, AlertStatuses.Acknowledged], cancellationToken),
            await board.ReadAsync(ward, cancellationToken));
        await session.DurableAsync();
        await audit.RecordAsync("ward.joined", null, $"ward/{ward}", cancellationToken);
        return new JoinResult(ward, last, snapshot, []);
    }
}
