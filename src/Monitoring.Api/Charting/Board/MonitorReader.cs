using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Devices;
using Monitoring.Api.Devices.Ingest;
using Monitoring.Clinical.Devices;

namespace Monitoring.Api.Charting.Board;

/// <summary>One point of a parameter's series: a raw sample (min = max = last, count 1) or a minute's or five minutes' aggregate.</summary>
public sealed record MonitorPoint(DateTimeOffset At, double Min, double Max, double Last, int Count);

/// <summary>The monitor of an admission: its id, when it was last heard and whether it is live, stale, offline or none at all.</summary>
public sealed record MonitorDevice(string? Id, DateTimeOffset? LastMessageAt, string Status);

/// <summary>The median of a parameter's valid samples in the last minute, at its newest sample's time.</summary>
public sealed record LatestValue(double Value, DateTimeOffset At, int Count);

/// <summary>
/// Reads what monitors sent: series over a window at a resolution, the last minute's medians, the monitor's state.
/// For each parameter the first code of the table present in the data is read (ECG before oximeter before NIBP).
/// </summary>
public sealed class MonitorReader(DbSession session, IOptions<DevicesOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan LatestWindow = TimeSpan.FromSeconds(60);

    // Every code of the table, so that the (admission, code, time) keys are read as ranges, not scanned.
    private static readonly string Codes = string.Join(", ", MonitorParameters.Table.SelectMany(row => row.Codes));

    private static readonly string RawOfAdmission = $"""
        SELECT mdc_code AS Code, observed_at AS At, value AS Value FROM monitor_samples
        WHERE admission_id = @Id AND mdc_code IN ({Codes}) AND observed_at >= @Since AND observed_at < @Until
        """;

    private static readonly string MinutesOfAdmission = $"""
        SELECT mdc_code AS Code, minute_at AS At, min_value AS Min, max_value AS Max, last_value AS Last, last_at AS LastAt, sample_count AS Count
        FROM monitor_minutes
        WHERE admission_id = @Id AND mdc_code IN ({Codes}) AND minute_at >= @Since AND minute_at < @Until
        """;

    private static readonly string RecentOfWard = $"""
        SELECT s.admission_id AS AdmissionId, s.mdc_code AS Code, s.observed_at AS At, s.value AS Value
        FROM admissions a
        JOIN monitor_samples s ON s.admission_id = a.id AND s.mdc_code IN ({Codes}) AND s.observed_at >= @Since
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL
        """;

    private const string DeviceOfAdmission = "SELECT admission_id AS AdmissionId, device_id AS Id, last_message_at AS LastMessageAt FROM admission_monitors WHERE admission_id = @Id";

    private const string DevicesOfWard = """
        SELECT m.admission_id AS AdmissionId, m.device_id AS Id, m.last_message_at AS LastMessageAt
        FROM admission_monitors m JOIN admissions a ON a.id = m.admission_id
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL
        """;

    public async Task<MonitorDevice> DeviceAsync(Guid admissionId, CancellationToken cancellationToken) =>
        Device(await session.QuerySingleOrDefaultAsync<DeviceRow>(DeviceOfAdmission, new { Id = admissionId }, cancellationToken));

    public async Task<Dictionary<string, List<MonitorPoint>>> RawAsync(Guid admissionId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<SampleRow>(RawOfAdmission, new { Id = admissionId, Since = since, Until = until }, cancellationToken);
        return FirstPresent(rows, row => row.Code)
            .ToDictionary(pair => pair.Key, pair => pair.Value.OrderBy(row => row.At).Select(row => new MonitorPoint(row.At, row.Value, row.Value, row.Value, 1)).ToList());
    }

    /// <summary>Minute aggregates, or folded into buckets of <paramref name="bucket"/> (five minutes) when longer.</summary>
    public async Task<Dictionary<string, List<MonitorPoint>>> AggregatesAsync(Guid admissionId, DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<MinuteRow>(MinutesOfAdmission, new { Id = admissionId, Since = Floor(since, bucket), Until = until }, cancellationToken);
        return FirstPresent(rows, row => row.Code).ToDictionary(pair => pair.Key, pair => pair.Value
            .GroupBy(row => Floor(row.At, bucket))
            .OrderBy(group => group.Key)
            .Select(group =>
            {
                var newest = group.MaxBy(row => row.LastAt)!;
                return new MonitorPoint(group.Key, group.Min(row => row.Min), group.Max(row => row.Max), newest.Last, group.Sum(row => row.Count));
            })
            .ToList());
    }

    public async Task<Dictionary<string, LatestValue>> LatestAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<SampleRow>(RawOfAdmission, new { Id = admissionId, Since = clock.GetUtcNow() - LatestWindow, Until = DateTimeOffset.MaxValue }, cancellationToken);
        return Medians(rows);
    }

    /// <summary>The board's monitor block of every open admission of the ward, in two statements.</summary>
    public async Task<Dictionary<Guid, MonitorTile>> TilesOfWardAsync(string ward, CancellationToken cancellationToken)
    {
        var devices = await session.QueryAsync<DeviceRow>(DevicesOfWard, new { Ward = ward }, cancellationToken);
        var recent = (await session.QueryAsync<WardSampleRow>(RecentOfWard, new { Ward = ward, Since = clock.GetUtcNow() - LatestWindow }, cancellationToken))
            .ToLookup(row => row.AdmissionId, row => new SampleRow { Code = row.Code, At = row.At, Value = row.Value });
        return devices.ToDictionary(device => device.AdmissionId, device => MonitorTile.Of(Device(device), Medians(recent[device.AdmissionId])));
    }

    private MonitorDevice Device(DeviceRow? row)
    {
        if (row is null)
        {
            return new MonitorDevice(null, null, "none");
        }
        var silent = clock.GetUtcNow() - row.LastMessageAt;
        var status = silent <= TimeSpan.FromSeconds(options.Value.StaleSeconds) ? "live"
            : silent <= TimeSpan.FromSeconds(options.Value.OfflineSeconds) ? "stale"
            : "offline";
        return new MonitorDevice(row.Id, row.LastMessageAt, status);
    }

    private static Dictionary<string, LatestValue> Medians(IEnumerable<SampleRow> rows) =>
        FirstPresent(rows, row => row.Code).ToDictionary(pair => pair.Key, pair =>
        {
            var values = pair.Value.Select(row => row.Value).Order().ToList();
            var middle = values.Count / 2;
            var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
            return new LatestValue(median, pair.Value.Max(row => row.At), values.Count);
        });

    // Per parameter, the rows of its first code (in the table's order) that has any.
    private static Dictionary<string, List<T>> FirstPresent<T>(IEnumerable<T> rows, Func<T, int> code) =>
        rows.Where(row => MonitorParameters.ForCode(code(row)) is not null)
            .GroupBy(row => MonitorParameters.ForCode(code(row))!)
            .ToDictionary(
                group => SampleStore.WireName(group.Key.Parameter),
                group => group.GroupBy(code).MinBy(byCode => group.Key.RankOf(byCode.Key))!.ToList());

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan bucket) => new(at.UtcTicks - (at.UtcTicks % bucket.Ticks), TimeSpan.Zero);

    private sealed record DeviceRow
    {
        public Guid AdmissionId { get; init; }
        public string Id { get; init; } = "";
        public DateTimeOffset LastMessageAt { get; init; }
    }

    private sealed record SampleRow
    {
        public int Code { get; init; }
        public DateTimeOffset At { get; init; }
        public double Value { get; init; }
    }

    private sealed record WardSampleRow
    {
        public Guid AdmissionId { get; init; }
        public int Code { get; init; }
        public DateTimeOffset At { get; init; }
        public double Value { get; init; }
    }

    private sealed record MinuteRow
    {
        public int Code { get; init; }
        public DateTimeOffset At { get; init; }
        public double Min { get; init; }
        public double Max { get; init; }
        public double Last { get; init; }
        public DateTimeOffset LastAt { get; init; }
        public int Count { get; init; }
    }
}

/// <summary>The board tile's monitor block: the state and the last minute's medians (alarms are the alert list's).</summary>
public sealed record MonitorTile(string Status, DateTimeOffset? At, double? RespiratoryRate, double? Spo2, double? HeartRate, double? Etco2, double? SystolicBp, double? DiastolicBp)
{
    public static readonly MonitorTile None = new("none", null, null, null, null, null, null, null);

    /// <summary>Each occupied bed's tile with its monitor block ("none" when no monitor was ever heard for it).</summary>
    public static IReadOnlyList<BedTile> OnTiles(IReadOnlyList<BedTile> tiles, IReadOnlyDictionary<Guid, MonitorTile> monitors) =>
        [.. tiles.Select(tile => tile.AdmissionId is { } id ? tile with { Monitor = monitors.GetValueOrDefault(id) ?? None } : tile)];

    public static MonitorTile Of(MonitorDevice device, IReadOnlyDictionary<string, LatestValue> latest) => new(
        device.Status,
        // The newest value's time; without values in the last minute, when the monitor was last heard.
        latest.Count == 0 ? device.LastMessageAt : latest.Values.Max(value => value.At),
        latest.GetValueOrDefault("respiratoryRate")?.Value,
        latest.GetValueOrDefault("spo2")?.Value,
        latest.GetValueOrDefault("heartRate")?.Value,
        latest.GetValueOrDefault("etco2")?.Value,
        latest.GetValueOrDefault("systolicBp")?.Value,
        latest.GetValueOrDefault("diastolicBp")?.Value);
}
