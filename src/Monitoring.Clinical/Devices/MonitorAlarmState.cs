namespace Monitoring.Clinical.Devices;

/// <summary>How an alarm's condition moved: it began, it is worse than last said, or it ended.</summary>
public enum AlarmMove
{
    Fired,
    Worse,
    Cleared,
}

/// <summary>
/// A condition as the alert needs it: since when, until when (the latest sample), its extremes, the other latest
/// values, and for a cleared one when and after how long; for a lost signal, which parameters.
/// </summary>
public sealed record AlarmSnapshot(
    DateTimeOffset Since,
    DateTimeOffset At,
    double Lowest,
    double Highest,
    double Latest,
    IReadOnlyDictionary<MonitorParameter, double> Others)
{
    public DateTimeOffset? ClearedAt { get; init; }

    public TimeSpan? LastedFor { get; init; }

    public IReadOnlyList<MonitorParameter> Lost { get; init; } = [];
}

/// <summary>One alarm's move, with the rule it belongs to (none for a lost signal).</summary>
public sealed record AlarmChange(string Code, AlarmMove Move, AlarmSnapshot Snapshot, SustainedRule? Rule);

/// <summary>
/// The running alarm conditions of one admission, fed the valid samples of each message in device time. Pure and
/// replayable: the same samples give the same state, so a restart rebuilds it from the stored samples.
/// </summary>
public sealed class MonitorAlarmState
{
    private readonly Dictionary<string, SustainedCondition> _conditions = [];
    private readonly Dictionary<MonitorParameter, DateTimeOffset> _lastValid = [];
    private readonly Dictionary<MonitorParameter, double> _latest = [];
    private readonly Dictionary<string, Severity> _said = [];
    private IReadOnlyList<MonitorParameter> _lost = [];
    private DateTimeOffset? _lostSince;

    /// <summary>The latest device time any message spoke for, valid sample or not.</summary>
    public DateTimeOffset? DeviceNow { get; private set; }

    /// <summary>
    /// Judges one message: its valid samples (any order) and the latest device time it speaks for, including its
    /// invalid samples (a probe off still sends). Answers what moved; a condition that goes on no worse says nothing.
    /// </summary>
    public IReadOnlyList<AlarmChange> Observe(IEnumerable<AlarmSample> samples, DateTimeOffset? messageTime, WardSettings settings, SpO2Scale scale)
    {
        var rules = MonitorAlarmRules.Sustained(settings, scale);
        var changes = new List<AlarmChange>();
        foreach (var sample in Preferred(samples))
        {
            if (_lastValid.TryGetValue(sample.Parameter, out var last) && sample.At <= last)
            {
                continue;
            }
            _lastValid[sample.Parameter] = sample.At;
            _latest[sample.Parameter] = sample.Value;
            DeviceNow = Later(DeviceNow, sample.At);
            foreach (var rule in rules.Where(r => r.Parameter == sample.Parameter))
            {
                var condition = Condition(rule.Code);
                var change = condition.Observe(sample.At, sample.Value, rule);
                if (Move(rule, condition, change) is { } move)
                {
                    changes.RemoveAll(c => c.Code == rule.Code && c.Move != AlarmMove.Cleared && move.Move != AlarmMove.Cleared);
                    changes.Add(move);
                }
            }
        }
        DeviceNow = Later(DeviceNow, messageTime);
        if (SignalChange(settings) is { } signal)
        {
            changes.Add(signal);
        }
        return changes;
    }

    /// <summary>
    /// What stands now, for an alert writer that may have missed the moves (after a restart or on another instance):
    /// each firing condition as fired and each condition that cleared as cleared.
    /// </summary>
    public IReadOnlyList<AlarmChange> Standing(WardSettings settings, SpO2Scale scale)
    {
        var standing = new List<AlarmChange>();
        foreach (var rule in MonitorAlarmRules.Sustained(settings, scale))
        {
            if (_conditions.TryGetValue(rule.Code, out var condition) && (condition.Firing || condition.ClearedAt is not null))
            {
                standing.Add(new AlarmChange(rule.Code, condition.Firing ? AlarmMove.Fired : AlarmMove.Cleared, Snapshot(rule, condition), rule));
            }
        }
        if (_lost.Count > 0)
        {
            standing.Add(new AlarmChange(AlertCodes.MonitorSignalLost, AlarmMove.Fired, LostSnapshot(), null));
        }
        return standing;
    }

    /// <summary>The severity a reason last stated for a code: a move is reported only when worse than that.</summary>
    public void Said(string code, Severity severity) => _said[code] = severity;

    private SustainedCondition Condition(string code) =>
        _conditions.TryGetValue(code, out var condition) ? condition : _conditions[code] = new SustainedCondition();

    private AlarmChange? Move(SustainedRule rule, SustainedCondition condition, ConditionChange change)
    {
        switch (change)
        {
            case ConditionChange.Fired:
                var fired = new AlarmChange(rule.Code, AlarmMove.Fired, Snapshot(rule, condition), rule);
                _said[rule.Code] = MonitorFindings.Severity(fired);
                return fired;
            case ConditionChange.Continuing:
                var now = new AlarmChange(rule.Code, AlarmMove.Worse, Snapshot(rule, condition), rule);
                var severity = MonitorFindings.Severity(now);
                if (_said.TryGetValue(rule.Code, out var said) && !severity.IsWorseThan(said))
                {
                    return null;
                }
                _said[rule.Code] = severity;
                return now;
            case ConditionChange.Cleared:
                _said.Remove(rule.Code);
                return new AlarmChange(rule.Code, AlarmMove.Cleared, Snapshot(rule, condition), rule);
            default:
                return null;
        }
    }

    private AlarmChange? SignalChange(WardSettings settings)
    {
        if (DeviceNow is not { } now)
        {
            return null;
        }
        var limit = TimeSpan.FromSeconds(settings.MonitorSignalLostSeconds);
        IReadOnlyList<MonitorParameter> lost = [.. MonitorAlarmRules.Continuous.Where(p => _lastValid.TryGetValue(p, out var last) && now - last >= limit)];
        var before = _lost;
        _lost = lost;
        if (lost.Count == 0)
        {
            _lostSince = null;
            return before.Count > 0 ? new AlarmChange(AlertCodes.MonitorSignalLost, AlarmMove.Cleared, LostSnapshot(before, now), null) : null;
        }
        _lostSince ??= lost.Min(p => _lastValid[p]);
        if (before.Count == 0)
        {
            return new AlarmChange(AlertCodes.MonitorSignalLost, AlarmMove.Fired, LostSnapshot(), null);
        }
        return lost.Except(before).Any() ? new AlarmChange(AlertCodes.MonitorSignalLost, AlarmMove.Worse, LostSnapshot(), null) : null;
    }

    private AlarmSnapshot LostSnapshot() => new(_lostSince ?? DeviceNow!.Value, DeviceNow!.Value, 0, 0, 0, Others(null)) { Lost = _lost };

    private AlarmSnapshot LostSnapshot(IReadOnlyList<MonitorParameter> before, DateTimeOffset now) =>
        new(_lostSince ?? now, now, 0, 0, 0, Others(null)) { Lost = before, ClearedAt = now, LastedFor = now - (_lostSince ?? now) };

    private AlarmSnapshot Snapshot(SustainedRule rule, SustainedCondition condition) =>
        new(condition.Since ?? condition.ClearedAt!.Value - condition.LastedFor!.Value, condition.LastAt!.Value, condition.Lowest, condition.Highest, condition.Latest, Others(rule.Parameter))
        {
            ClearedAt = condition.Firing ? null : condition.ClearedAt,
            LastedFor = condition.Firing ? null : condition.LastedFor,
        };

    private Dictionary<MonitorParameter, double> Others(MonitorParameter? except) =>
        _latest.Where(pair => pair.Key != except && MonitorAlarmRules.Continuous.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value);

    // Of a parameter's sources at one time, the first in the table's order wins (impedance RR over capnography RR, ECG HR over pulse).
    private static IEnumerable<AlarmSample> Preferred(IEnumerable<AlarmSample> samples) =>
        samples
            .GroupBy(s => (s.Parameter, s.At))
            .Select(group => group.MinBy(s => MonitorParameters.ForCode(s.Code)?.RankOf(s.Code) ?? int.MaxValue))
            .OrderBy(s => s.At);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
