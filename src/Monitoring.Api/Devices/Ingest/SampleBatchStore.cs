using System.Globalization;
using System.Numerics;
using System.Text;
using Dapper;
using Monitoring.Api.Data;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>
/// The feed's SQL for a whole batch, where the engine upserts many rows in one statement and says which it
/// wrote (<see cref="SqlDialect.UpsertsManyRows"/>: SQLite). A statement per table instead of three per sample
/// keeps the single writer's turn short. Rows go in chunks of a power of two, so that the writer's kept
/// statements stay few. Same rules as <see cref="SampleStore"/>: a key accepted within the window is a
/// duplicate, a sample identical in (admission, code, time) is stored once, and each new sample is folded into its minute.
/// </summary>
public sealed class SampleBatchStore(DbSession session)
{
    private const int MaximumChunk = 16;

    public sealed record MessageKey(string Application, string ControlId);

    public sealed record SampleRow(Guid AdmissionId, StoredSample Sample);

    public sealed record MonitorRow(Guid AdmissionId, string DeviceId);

    private sealed class Returned
    {
        public string Application { get; init; } = "";
        public string ControlId { get; init; } = "";
        public Guid AdmissionId { get; init; }
        public int MdcCode { get; init; }
        public DateTimeOffset ObservedAt { get; init; }
    }

    private sealed class LastMessage
    {
        public Guid AdmissionId { get; init; }
        public DateTimeOffset LastMessageAt { get; init; }
    }

    // The head of a statement completed with one parameter per MRN (SQLite only: the batch path runs where the engine upserts many rows).
    private static readonly string SelectAdmissions = """
        SELECT a.mrn AS Mrn, a.id AS Id, a.ward_code AS WardCode, a.bed_code AS BedCode, a.admitted_at AS AdmittedAt, ws.settings AS WardSettingsJson
        FROM admissions a
        LEFT JOIN ward_settings ws ON ws.ward_code = a.ward_code
        WHERE a.discharged_at IS NULL AND a.mrn IN (
        """;

    private sealed class OpenAdmission
    {
        public string Mrn { get; init; } = "";
        public Guid Id { get; init; }
        public string WardCode { get; init; } = "";
        public string BedCode { get; init; } = "";
        public DateTimeOffset AdmittedAt { get; init; }
        public string? WardSettingsJson { get; init; }
    }

    /// <summary>The open admission of each MRN that has one, read in the caller's transaction (never a cached answer).</summary>
    public async Task<Dictionary<string, MonitoredAdmission>> FindAdmissionsAsync(IReadOnlyList<string> mrns, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, MonitoredAdmission>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(mrns))
        {
            var parameters = new DynamicParameters();
            var sql = Values(SelectAdmissions, chunk.Count, "@m{0}", ")");
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add(Name("m", i), chunk[i]);
            }
            foreach (var row in await session.QueryAsync<OpenAdmission>(sql, parameters, cancellationToken))
            {
                found[row.Mrn] = new MonitoredAdmission
                {
                    Id = row.Id,
                    WardCode = row.WardCode,
                    BedCode = row.BedCode,
                    AdmittedAt = row.AdmittedAt,
                    WardSettingsJson = row.WardSettingsJson,
                };
            }
        }
        return found;
    }

    /// <summary>Records the distinct keys; answers those that are new (not accepted within the window).</summary>
    public async Task<HashSet<MessageKey>> RecordMessagesAsync(IReadOnlyList<MessageKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = new HashSet<MessageKey>();
        foreach (var chunk in Chunks(keys))
        {
            var parameters = new DynamicParameters(new { ReceivedAt = now, WindowStart = now - SampleStore.DuplicateWindow });
            var sql = Values("INSERT INTO monitor_messages (sending_application, control_id, received_at) VALUES ", chunk.Count, "(@a{0}, @c{0}, @ReceivedAt)",
                """

                ON CONFLICT (sending_application, control_id) DO UPDATE SET received_at = excluded.received_at
                WHERE monitor_messages.received_at <= @WindowStart
                RETURNING sending_application AS Application, control_id AS ControlId
                """);
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add(Name("a", i), chunk[i].Application);
                parameters.Add(Name("c", i), chunk[i].ControlId);
            }
            foreach (var row in await session.QueryAsync<Returned>(sql, parameters, cancellationToken))
            {
                fresh.Add(new MessageKey(row.Application, row.ControlId));
            }
        }
        return fresh;
    }

    /// <summary>Stores the distinct samples not stored before and folds the new ones into their minutes; answers the new ones' keys.</summary>
    public async Task<HashSet<(Guid, int, long)>> StoreSamplesAsync(IReadOnlyList<SampleRow> samples, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = new HashSet<(Guid, int, long)>();
        foreach (var chunk in Chunks(samples))
        {
            var parameters = new DynamicParameters(new { ReceivedAt = now });
            var sql = Values("INSERT INTO monitor_samples (admission_id, mdc_code, parameter, observed_at, value, zone_assumed, received_at) VALUES ", chunk.Count,
                "(@i{0}, @c{0}, @p{0}, @t{0}, @v{0}, @z{0}, @ReceivedAt)",
                "\nON CONFLICT (admission_id, mdc_code, observed_at) DO NOTHING\nRETURNING admission_id AS AdmissionId, mdc_code AS MdcCode, observed_at AS ObservedAt");
            for (var i = 0; i < chunk.Count; i++)
            {
                var (admission, sample) = (chunk[i].AdmissionId, chunk[i].Sample);
                parameters.Add(Name("i", i), admission);
                parameters.Add(Name("c", i), sample.Code);
                parameters.Add(Name("p", i), SampleStore.WireName(sample.Parameter));
                parameters.Add(Name("t", i), sample.ObservedAt);
                parameters.Add(Name("v", i), sample.Value);
                parameters.Add(Name("z", i), sample.ZoneAssumed);
            }
            foreach (var row in await session.QueryAsync<Returned>(sql, parameters, cancellationToken))
            {
                stored.Add((row.AdmissionId, row.MdcCode, row.ObservedAt.UtcTicks));
            }
        }
        var minutes = samples.Where(row => stored.Contains((row.AdmissionId, row.Sample.Code, row.Sample.ObservedAt.UtcTicks)))
            .GroupBy(row => (row.AdmissionId, row.Sample.Code, Minute: SampleStore.MinuteOf(row.Sample.ObservedAt)))
            .ToList();
        foreach (var chunk in Chunks(minutes))
        {
            var parameters = new DynamicParameters();
            var sql = Values("INSERT INTO monitor_minutes (admission_id, mdc_code, parameter, minute_at, min_value, max_value, last_value, last_at, sample_count) VALUES ",
                chunk.Count, "(@i{0}, @c{0}, @p{0}, @m{0}, @lo{0}, @hi{0}, @lv{0}, @la{0}, @n{0})",
                """

                ON CONFLICT (admission_id, mdc_code, minute_at) DO UPDATE SET
                    min_value = CASE WHEN excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
                    max_value = CASE WHEN excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
                    last_value = CASE WHEN excluded.last_at >= last_at THEN excluded.last_value ELSE last_value END,
                    last_at = CASE WHEN excluded.last_at >= last_at THEN excluded.last_at ELSE last_at END,
                    sample_count = sample_count + excluded.sample_count
                """);
            for (var i = 0; i < chunk.Count; i++)
            {
                var minute = chunk[i];
                // The latest sample of the minute, the later one of the batch when two share a time.
                var last = minute.Aggregate((latest, row) => row.Sample.ObservedAt >= latest.Sample.ObservedAt ? row : latest).Sample;
                parameters.Add(Name("i", i), minute.Key.AdmissionId);
                parameters.Add(Name("c", i), minute.Key.Code);
                parameters.Add(Name("p", i), SampleStore.WireName(last.Parameter));
                parameters.Add(Name("m", i), minute.Key.Minute);
                parameters.Add(Name("lo", i), minute.Min(row => row.Sample.Value));
                parameters.Add(Name("hi", i), minute.Max(row => row.Sample.Value));
                parameters.Add(Name("lv", i), last.Value);
                parameters.Add(Name("la", i), last.ObservedAt);
                parameters.Add(Name("n", i), minute.Count());
            }
            await session.ExecuteAsync(sql, parameters, cancellationToken);
        }
        return stored;
    }

    /// <summary>The monitor last heard for each admission (one row each).</summary>
    /// <summary>Each admission's last message before this batch: the alarm rules rebuild their state when it is not the one they saw.</summary>
    public async Task<Dictionary<Guid, DateTimeOffset>> LastMessagesAsync(IReadOnlyList<Guid> admissions, CancellationToken cancellationToken)
    {
        var last = new Dictionary<Guid, DateTimeOffset>();
        foreach (var chunk in Chunks(admissions))
        {
            var parameters = new DynamicParameters();
            var sql = Values("SELECT admission_id AS AdmissionId, last_message_at AS LastMessageAt FROM admission_monitors WHERE admission_id IN (", chunk.Count, "@i{0}", ")");
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add(Name("i", i), chunk[i]);
            }
            foreach (var row in await session.QueryAsync<LastMessage>(sql, parameters, cancellationToken))
            {
                last[row.AdmissionId] = row.LastMessageAt;
            }
        }
        return last;
    }

    public async Task TouchMonitorsAsync(IReadOnlyList<MonitorRow> monitors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks(monitors))
        {
            var parameters = new DynamicParameters(new { At = now });
            var sql = Values("INSERT INTO admission_monitors (admission_id, device_id, last_message_at) VALUES ", chunk.Count, "(@i{0}, @d{0}, @At)",
                "\nON CONFLICT (admission_id) DO UPDATE SET device_id = excluded.device_id, last_message_at = excluded.last_message_at");
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add(Name("i", i), chunk[i].AdmissionId);
                parameters.Add(Name("d", i), chunk[i].DeviceId);
            }
            await session.ExecuteAsync(sql, parameters, cancellationToken);
        }
    }

    // 37 rows go as 16, 16, 4 and 1: at most five texts a statement, however the batches fall. Chunks stay small
    // because binding a parameter by name scans the others: a statement of n parameters costs n squared.
    private static IEnumerable<ArraySegment<T>> Chunks<T>(IReadOnlyList<T> rows)
    {
        var all = rows as T[] ?? [.. rows];
        var offset = 0;
        while (offset < all.Length)
        {
            var size = Math.Min(MaximumChunk, 1 << BitOperations.Log2((uint)(all.Length - offset)));
            yield return new ArraySegment<T>(all, offset, size);
            offset += size;
        }
    }

    private static string Values(string head, int count, string row, string tail)
    {
        var sql = new StringBuilder(head);
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").AppendFormat(CultureInfo.InvariantCulture, row, i);
        }
        return sql.Append(tail).ToString();
    }

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
