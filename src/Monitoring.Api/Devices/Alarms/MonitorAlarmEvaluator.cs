using System.Threading.Channels;
using Mediator;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Devices.Ingest;
using Monitoring.Api.Telemetry;
using Monitoring.Clinical;
using Monitoring.Clinical.Devices;

namespace Monitoring.Api.Devices.Alarms;

/// <summary>A message whose samples are durably stored: what the alarm rules judge next.</summary>
/// <param name="AdmissionId">The admission the message named.</param>
/// <param name="Samples">Its valid samples.</param>
/// <param name="DeviceTime">The latest device time the message spoke for, its invalid samples included.</param>
/// <param name="ReceivedAt">When the service received it (its clock), stored as the monitor's last message.</param>
/// <param name="PreviousMessageAt">The admission's last message before this one, as stored: another value than this instance saw means it missed some.</param>
public sealed record CommittedMessage(Guid AdmissionId, IReadOnlyList<StoredSample> Samples, DateTimeOffset? DeviceTime, DateTimeOffset ReceivedAt, DateTimeOffset? PreviousMessageAt);

/// <summary>
/// Runs the continuous alarm rules on each committed message, one admission's state in memory for speed. The state
/// is rebuilt from the stored samples of the last 15 minutes whenever this instance has not seen every message of
/// the admission (a restart, a failover, a write that failed), and what stands then is applied: a restart neither
/// loses nor invents an alarm. Moves become alerts through <see cref="ApplyMonitorAlarms"/>.
/// </summary>
public sealed class MonitorAlarmEvaluator(IServiceScopeFactory scopes, TimeProvider clock, DeviceTelemetry telemetry, FaultLog faults, ILogger<MonitorAlarmEvaluator> logger) : BackgroundService
{
    public static readonly TimeSpan RebuildWindow = TimeSpan.FromMinutes(15);

    // Settings and the SpO2 scale are read again this often: a ward's change reaches the rules within it.
    private static readonly TimeSpan SettingsAge = TimeSpan.FromSeconds(30);

    private const string RecentSamples = """
        SELECT mdc_code AS Code, parameter AS Parameter, observed_at AS ObservedAt, value AS Value
        FROM monitor_samples WHERE admission_id = @AdmissionId AND observed_at >= @Since
        ORDER BY observed_at
        """;

    private readonly Channel<CommittedMessage> _messages = Channel.CreateUnbounded<CommittedMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Guid, Tracked> _tracked = [];
    private long _judged;

    /// <summary>Messages judged so far, applied or not: how far the rules have caught up with the feed.</summary>
    public long Judged => Interlocked.Read(ref _judged);

    /// <summary>Hands a committed message to the rules; never blocks the feed's acknowledgement.</summary>
    public void Committed(CommittedMessage message) => _messages.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _messages.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await JudgeAsync(message, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The samples are stored: forgetting the state makes the next message rebuild it and apply what stands.
                _tracked.Remove(message.AdmissionId);
                faults.Record($"Monitor alarms not applied: {exception.GetType().Name}", log => log.LogError(
                    "Monitor alarms of a message not applied ({Cause}); the next message rebuilds them from the stored samples", exception.GetBaseException().Message));
            }
            Forget(message.ReceivedAt);
            Interlocked.Increment(ref _judged);
        }
    }

    private async Task JudgeAsync(CommittedMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_tracked.TryGetValue(message.AdmissionId, out var tracked) || tracked.LastReceivedAt != message.PreviousMessageAt)
        {
            await RebuildAsync(message, cancellationToken);
            return;
        }
        tracked.LastReceivedAt = message.ReceivedAt;
        if (now - tracked.ReadAt > SettingsAge && await ReadAdmissionAsync(message.AdmissionId, cancellationToken) is { } fresh)
        {
            (tracked.Settings, tracked.Scale, tracked.ReadAt) = (fresh.Settings, fresh.Scale, now);
        }
        var samples = message.Samples.Select(s => new AlarmSample(s.Code, s.Parameter, s.ObservedAt, s.Value));
        var changes = tracked.State.Observe(samples, message.DeviceTime, tracked.Settings, tracked.Scale);
        await ApplyAsync(message.AdmissionId, changes, message.DeviceTime ?? message.ReceivedAt, cancellationToken);
    }

    private async Task RebuildAsync(CommittedMessage message, CancellationToken cancellationToken)
    {
        _tracked.Remove(message.AdmissionId);
        telemetry.AlarmStateRebuilt();
        if (await ReadAdmissionAsync(message.AdmissionId, cancellationToken) is not { } admission)
        {
            return;
        }
        var deviceNow = message.DeviceTime ?? message.ReceivedAt;
        IEnumerable<SampleRow> rows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            rows = await scope.ServiceProvider.GetRequiredService<DbSession>().QueryAsync<SampleRow>(RecentSamples,
                new { message.AdmissionId, Since = deviceNow - RebuildWindow }, cancellationToken);
        }
        var state = new MonitorAlarmState();
        state.Observe(rows.Select(row => row.ToSample()), message.DeviceTime, admission.Settings, admission.Scale);
        await ApplyAsync(message.AdmissionId, state.Standing(admission.Settings, admission.Scale), deviceNow, cancellationToken);
        _tracked[message.AdmissionId] = new Tracked(state, admission.Settings, admission.Scale, clock.GetUtcNow()) { LastReceivedAt = message.ReceivedAt };
    }

    private async Task ApplyAsync(Guid admissionId, IReadOnlyList<AlarmChange> changes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ApplyMonitorAlarms.Command(admissionId, changes, at), cancellationToken);
        logger.LogDebug("Monitor alarms applied: {Moves}", string.Join(", ", changes.Select(c => $"{c.Code} {c.Move}")));
    }

    private async Task<(WardSettings Settings, SpO2Scale Scale)?> ReadAdmissionAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var admission = await scope.ServiceProvider.GetRequiredService<AdmissionAccess>().GetOpenUncheckedAsync(admissionId, cancellationToken);
        return admission is null ? null : (await scope.ServiceProvider.GetRequiredService<WardLookup>().SettingsAsync(admission.WardCode, cancellationToken), admission.Scale);
    }

    // Admissions whose monitor has been silent past the rebuild window are rebuilt anyway when it speaks again.
    private void Forget(DateTimeOffset now)
    {
        if (_judged % 1024 != 1023)
        {
            return;
        }
        foreach (var (id, tracked) in _tracked.Where(pair => now - pair.Value.LastReceivedAt > RebuildWindow).ToList())
        {
            _tracked.Remove(id);
        }
    }

    private sealed class Tracked(MonitorAlarmState state, WardSettings settings, SpO2Scale scale, DateTimeOffset readAt)
    {
        public MonitorAlarmState State { get; } = state;

        public WardSettings Settings { get; set; } = settings;

        public SpO2Scale Scale { get; set; } = scale;

        public DateTimeOffset ReadAt { get; set; } = readAt;

        public DateTimeOffset? LastReceivedAt { get; set; }
    }

    private sealed record SampleRow
    {
        public int Code { get; init; }
        public string Parameter { get; init; } = "";
        public DateTimeOffset ObservedAt { get; init; }
        public double Value { get; init; }

        public AlarmSample ToSample() => new(Code, Enum.Parse<MonitorParameter>(Parameter, ignoreCase: true), ObservedAt, Value);
    }
}
