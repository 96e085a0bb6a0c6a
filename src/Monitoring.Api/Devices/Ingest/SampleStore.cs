using System.Collections.Frozen;
using System.Text.Json;
using Monitoring.Api.Data;
using Monitoring.Clinical.Devices;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>The admission a message names, as the feed needs it.</summary>
public sealed record MonitoredAdmission
{
    public Guid Id { get; init; }
    public string WardCode { get; init; } = "";
    public string BedCode { get; init; } = "";
    public DateTimeOffset AdmittedAt { get; init; }
    public string? WardSettingsJson { get; init; }
}

/// <summary>A valid sample ready to store.</summary>
public sealed record StoredSample(int Code, MonitorParameter Parameter, DateTimeOffset ObservedAt, double Value, bool ZoneAssumed);

/// <summary>
/// The feed's SQL: the message's key (duplicates by sender and control id), its samples (each once per
/// admission, code and time), their minute aggregates and the admission's monitor, in the caller's transaction.
/// </summary>
public sealed class SampleStore(DbSession session)
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);

    private const string SelectAdmission = """
        SELECT a.id AS Id, a.ward_code AS WardCode, a.bed_code AS BedCode, a.admitted_at AS AdmittedAt, ws.settings AS WardSettingsJson
        FROM admissions a
        LEFT JOIN ward_settings ws ON ws.ward_code = a.ward_code
        WHERE a.mrn = @Mrn AND a.discharged_at IS NULL
        """;

    private const string SelectMessage = "SELECT received_at FROM monitor_messages WHERE sending_application = @Application AND control_id = @ControlId";

    private const string DeleteMessage = "DELETE FROM monitor_messages WHERE sending_application = @Application AND control_id = @ControlId";

    private const string InsertMessage = """
        INSERT INTO monitor_messages (sending_application, control_id, received_at) VALUES (@Application, @ControlId, @ReceivedAt)
        """;

    private const string InsertSample = """
        INSERT INTO monitor_samples (admission_id, mdc_code, parameter, observed_at, value, zone_assumed, received_at)
        SELECT @AdmissionId, @Code, @Parameter, @ObservedAt, @Value, @ZoneAssumed, @ReceivedAt
        WHERE NOT EXISTS (SELECT 1 FROM monitor_samples WHERE admission_id = @AdmissionId AND mdc_code = @Code AND observed_at = @ObservedAt)
        """;

    private const string UpdateMinute = """
        UPDATE monitor_minutes
        SET min_value = CASE WHEN @Value < min_value THEN @Value ELSE min_value END,
            max_value = CASE WHEN @Value > max_value THEN @Value ELSE max_value END,
            last_value = CASE WHEN @ObservedAt >= last_at THEN @Value ELSE last_value END,
            last_at = CASE WHEN @ObservedAt >= last_at THEN @ObservedAt ELSE last_at END,
            sample_count = sample_count + 1
        WHERE admission_id = @AdmissionId AND mdc_code = @Code AND minute_at = @MinuteAt
        """;

    private const string InsertMinute = """
        INSERT INTO monitor_minutes (admission_id, mdc_code, parameter, minute_at, min_value, max_value, last_value, last_at, sample_count)
        VALUES (@AdmissionId, @Code, @Parameter, @MinuteAt, @Value, @Value, @Value, @ObservedAt, 1)
        """;

    private const string SelectMonitor = "SELECT last_message_at FROM admission_monitors WHERE admission_id = @AdmissionId";

    private const string UpdateMonitor = """
        UPDATE admission_monitors SET device_id = @DeviceId, last_message_at = @At WHERE admission_id = @AdmissionId
        """;

    private const string InsertMonitor = """
        INSERT INTO admission_monitors (admission_id, device_id, last_message_at) VALUES (@AdmissionId, @DeviceId, @At)
        """;

    public Task<MonitoredAdmission?> FindAdmissionAsync(string mrn, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<MonitoredAdmission>(SelectAdmission, new { Mrn = mrn }, cancellationToken);

    /// <summary>Records the message's key; false when the same sender's control id was accepted within the window.</summary>
    public async Task<bool> RecordMessageAsync(string application, string controlId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = new { Application = application, ControlId = controlId };
        var received = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(SelectMessage, key, cancellationToken);
        if (received is { } at)
        {
            if (at > now - DuplicateWindow)
            {
                return false;
            }
            await session.ExecuteAsync(DeleteMessage, key, cancellationToken);
        }
        await session.ExecuteAsync(InsertMessage, new { Application = application, ControlId = controlId, ReceivedAt = now }, cancellationToken);
        return true;
    }

    /// <summary>Stores the samples not stored before and folds each into its minute; answers those that were new.</summary>
    public async Task<IReadOnlyList<StoredSample>> StoreAsync(Guid admissionId, IEnumerable<StoredSample> samples, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = new List<StoredSample>();
        foreach (var sample in samples)
        {
            var row = new
            {
                AdmissionId = admissionId,
                sample.Code,
                Parameter = WireName(sample.Parameter),
                sample.ObservedAt,
                MinuteAt = MinuteOf(sample.ObservedAt),
                sample.Value,
                sample.ZoneAssumed,
                ReceivedAt = now,
            };
            if (await session.ExecuteAsync(InsertSample, row, cancellationToken) == 0)
            {
                continue;
            }
            stored.Add(sample);
            if (await session.ExecuteAsync(UpdateMinute, row, cancellationToken) == 0)
            {
                await session.ExecuteAsync(InsertMinute, row, cancellationToken);
            }
        }
        return stored;
    }

    /// <summary>Records the admission's monitor and this message's time; answers the time of its message before (none for a first).</summary>
    public async Task<DateTimeOffset?> TouchMonitorAsync(Guid admissionId, string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new { AdmissionId = admissionId, DeviceId = deviceId, At = now };
        var previous = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(SelectMonitor, row, cancellationToken);
        if (await session.ExecuteAsync(UpdateMonitor, row, cancellationToken) == 0)
        {
            await session.ExecuteAsync(InsertMonitor, row, cancellationToken);
        }
        return previous;
    }

    public static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>respiratoryRate, spo2, …: the parameter's name on the wire and in the tables.</summary>
    public static string WireName(MonitorParameter parameter) => WireNames[parameter];

    private static readonly FrozenDictionary<MonitorParameter, string> WireNames =
        Enum.GetValues<MonitorParameter>().ToFrozenDictionary(parameter => parameter, parameter => JsonNamingPolicy.CamelCase.ConvertName(parameter.ToString()));
}
