using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Monitoring.Api.Data;
using Monitoring.Api.Data.Providers;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>
/// The feed's SQL for a whole batch, where the engine upserts many rows in one statement and says which it
/// wrote (<see cref="SqlDialect.UpsertsManyRows"/>: SQLite). One statement per table and batch, its rows in one
/// JSON parameter read with <c>json_each</c>: SQLite finds a named parameter by scanning the statement's names,
/// so binding a statement of n parameters costs n², and at a thousand monitors that binding was a quarter of the
/// service's CPU. Same rules as <see cref="SampleStore"/>: a key accepted within the window is a duplicate, a
/// sample identical in (admission, code, time) is stored once, and each new sample is folded into its minute.
/// </summary>
public sealed class SampleBatchStore(DbSession session)
{
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

    private sealed class OpenAdmission
    {
        public string Mrn { get; init; } = "";
        public Guid Id { get; init; }
        public string WardCode { get; init; } = "";
        public string BedCode { get; init; } = "";
        public DateTimeOffset AdmittedAt { get; init; }
        public string? WardSettingsJson { get; init; }
    }

    // SQLite text (json_each, ->>, ON CONFLICT): read-only fields, not constants, since the T-SQL check parses every SQL constant.
    private static readonly string SelectAdmissions = """
        SELECT a.mrn AS Mrn, a.id AS Id, a.ward_code AS WardCode, a.bed_code AS BedCode, a.admitted_at AS AdmittedAt, ws.settings AS WardSettingsJson
        FROM admissions a
        LEFT JOIN ward_settings ws ON ws.ward_code = a.ward_code
        WHERE a.discharged_at IS NULL AND a.mrn IN (SELECT value FROM json_each(@Rows))
        """;

    // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
    private static readonly string InsertMessages = """
        INSERT INTO monitor_messages (sending_application, control_id, received_at)
        SELECT r.value ->> 0, r.value ->> 1, @ReceivedAt FROM json_each(@Rows) r WHERE true
        ON CONFLICT (sending_application, control_id) DO UPDATE SET received_at = excluded.received_at
        WHERE monitor_messages.received_at <= @WindowStart
        RETURNING sending_application AS Application, control_id AS ControlId
        """;

    private static readonly string InsertSamples = """
        INSERT INTO monitor_samples (admission_id, mdc_code, parameter, observed_at, value, zone_assumed, received_at)
        SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, @ReceivedAt
        FROM json_each(@Rows) r WHERE true
        ON CONFLICT (admission_id, mdc_code, observed_at) DO NOTHING
        RETURNING admission_id AS AdmissionId, mdc_code AS MdcCode, observed_at AS ObservedAt
        """;

    private static readonly string UpsertMinutes = """
        INSERT INTO monitor_minutes (admission_id, mdc_code, parameter, minute_at, min_value, max_value, last_value, last_at, sample_count)
        SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6, r.value ->> 7, r.value ->> 8
        FROM json_each(@Rows) r WHERE true
        ON CONFLICT (admission_id, mdc_code, minute_at) DO UPDATE SET
            min_value = CASE WHEN excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
            max_value = CASE WHEN excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
            last_value = CASE WHEN excluded.last_at >= last_at THEN excluded.last_value ELSE last_value END,
            last_at = CASE WHEN excluded.last_at >= last_at THEN excluded.last_at ELSE last_at END,
            sample_count = sample_count + excluded.sample_count
        """;

    private static readonly string SelectLastMessages = """
        SELECT admission_id AS AdmissionId, last_message_at AS LastMessageAt FROM admission_monitors
        WHERE admission_id IN (SELECT value FROM json_each(@Rows))
        """;

    private static readonly string UpsertMonitors = """
        INSERT INTO admission_monitors (admission_id, device_id, last_message_at)
        SELECT r.value ->> 0, r.value ->> 1, @At FROM json_each(@Rows) r WHERE true
        ON CONFLICT (admission_id) DO UPDATE SET device_id = excluded.device_id, last_message_at = excluded.last_message_at
        """;

    /// <summary>The open admission of each MRN that has one, read in the caller's transaction (never a cached answer).</summary>
    public async Task<Dictionary<string, MonitoredAdmission>> FindAdmissionsAsync(IReadOnlyList<string> mrns, CancellationToken cancellationToken)
    {
        var rows = Json(mrns, (json, mrn) => json.WriteStringValue(mrn), asArrays: false);
        var found = new Dictionary<string, MonitoredAdmission>(StringComparer.Ordinal);
        foreach (var row in await session.QueryAsync<OpenAdmission>(SelectAdmissions, new { Rows = rows }, cancellationToken))
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
        return found;
    }

    /// <summary>Records the distinct keys; answers those that are new (not accepted within the window).</summary>
    public async Task<HashSet<MessageKey>> RecordMessagesAsync(IReadOnlyList<MessageKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = Json(keys, (json, key) =>
        {
            json.WriteStringValue(key.Application);
            json.WriteStringValue(key.ControlId);
        });
        var parameters = new { Rows = rows, ReceivedAt = now, WindowStart = now - SampleStore.DuplicateWindow };
        return [.. (await session.QueryAsync<Returned>(InsertMessages, parameters, cancellationToken)).Select(row => new MessageKey(row.Application, row.ControlId))];
    }

    /// <summary>Stores the distinct samples not stored before and folds the new ones into their minutes; answers the new ones' keys.</summary>
    public async Task<HashSet<(Guid, int, long)>> StoreSamplesAsync(IReadOnlyList<SampleRow> samples, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = Json(samples, (json, row) =>
        {
            json.WriteStringValue(row.AdmissionId);
            json.WriteNumberValue(row.Sample.Code);
            json.WriteStringValue(SampleStore.WireName(row.Sample.Parameter));
            json.WriteStringValue(SqliteProvider.TimeText(row.Sample.ObservedAt));
            json.WriteNumberValue(row.Sample.Value);
            json.WriteNumberValue(row.Sample.ZoneAssumed ? 1 : 0);
        });
        HashSet<(Guid, int, long)> stored = [.. (await session.QueryAsync<Returned>(InsertSamples, new { Rows = rows, ReceivedAt = now }, cancellationToken))
            .Select(row => (row.AdmissionId, row.MdcCode, row.ObservedAt.UtcTicks))];
        var minutes = samples.Where(row => stored.Contains((row.AdmissionId, row.Sample.Code, row.Sample.ObservedAt.UtcTicks)))
            .GroupBy(row => (row.AdmissionId, row.Sample.Code, Minute: SampleStore.MinuteOf(row.Sample.ObservedAt)))
            .ToList();
        if (minutes.Count > 0)
        {
            var minuteRows = Json(minutes, (json, minute) =>
            {
                // The latest sample of the minute, the later one of the batch when two share a time.
                var last = minute.Aggregate((latest, row) => row.Sample.ObservedAt >= latest.Sample.ObservedAt ? row : latest).Sample;
                json.WriteStringValue(minute.Key.AdmissionId);
                json.WriteNumberValue(minute.Key.Code);
                json.WriteStringValue(SampleStore.WireName(last.Parameter));
                json.WriteStringValue(SqliteProvider.TimeText(minute.Key.Minute));
                json.WriteNumberValue(minute.Min(row => row.Sample.Value));
                json.WriteNumberValue(minute.Max(row => row.Sample.Value));
                json.WriteNumberValue(last.Value);
                json.WriteStringValue(SqliteProvider.TimeText(last.ObservedAt));
                json.WriteNumberValue(minute.Count());
            });
            await session.ExecuteAsync(UpsertMinutes, new { Rows = minuteRows }, cancellationToken);
        }
        return stored;
    }

    /// <summary>Each admission's last message before this batch: the alarm rules rebuild their state when it is not the one they saw.</summary>
    public async Task<Dictionary<Guid, DateTimeOffset>> LastMessagesAsync(IReadOnlyList<Guid> admissions, CancellationToken cancellationToken)
    {
        var rows = Json(admissions, (json, id) => json.WriteStringValue(id), asArrays: false);
        return (await session.QueryAsync<LastMessage>(SelectLastMessages, new { Rows = rows }, cancellationToken))
            .ToDictionary(row => row.AdmissionId, row => row.LastMessageAt);
    }

    public async Task TouchMonitorsAsync(IReadOnlyList<MonitorRow> monitors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (monitors.Count == 0)
        {
            return;
        }
        var rows = Json(monitors, (json, monitor) =>
        {
            json.WriteStringValue(monitor.AdmissionId);
            json.WriteStringValue(monitor.DeviceId);
        });
        await session.ExecuteAsync(UpsertMonitors, new { Rows = rows, At = now }, cancellationToken);
    }

    // Non-ASCII text goes as UTF-8, not as \u escapes: the stored text is the text the monitor sent.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The rows as one JSON array, each row an array of its columns in the statement's order (or, for one column, the bare value).</summary>
    private static string Json<T>(IEnumerable<T> rows, Action<Utf8JsonWriter, T> write, bool asArrays = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                if (asArrays)
                {
                    json.WriteStartArray();
                }
                write(json, row);
                if (asArrays)
                {
                    json.WriteEndArray();
                }
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
