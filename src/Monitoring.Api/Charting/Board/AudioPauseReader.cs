using Monitoring.Api.Data;

namespace Monitoring.Api.Charting.Board;

public sealed record AudioPauseView(Guid Id, string Ward, DateTimeOffset PausedAt, DateTimeOffset Until, string PausedBy, string Reason);

/// <summary>The pause in force on a ward now, if any: the latest one that has not ended.</summary>
public sealed class AudioPauseReader(DbSession session, TimeProvider clock)
{
    private const string Current = """
        SELECT p.id AS Id, p.ward_code AS Ward, p.paused_at AS PausedAt, p.until AS Until, u.username AS PausedBy, p.reason AS Reason
        FROM audio_pauses p
        JOIN users u ON u.id = p.paused_by
        WHERE p.ward_code = @Ward AND p.until > @Now
        """;

    public async Task<AudioPauseView?> CurrentAsync(string ward, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<Row>(Current, new { Ward = ward, Now = clock.GetUtcNow() }, cancellationToken);
        return rows.OrderByDescending(row => row.PausedAt)
            .Select(row => new AudioPauseView(row.Id, row.Ward, row.PausedAt, row.Until, row.PausedBy, row.Reason))
            .FirstOrDefault();
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Ward { get; init; } = "";
        public DateTimeOffset PausedAt { get; init; }
        public DateTimeOffset Until { get; init; }
        public string PausedBy { get; init; } = "";
        public string Reason { get; init; } = "";
    }
}
