using System.Collections.Concurrent;

namespace Monitoring.Api.Realtime;

/// <summary>What a time-driven rule times: each is keyed by the alert, the admission or the admission's schedule row.</summary>
public enum TimerKind
{
    Escalation,
    Overdue,
    MonitorSilence,
    AutoResolve,
}

/// <summary>
/// Durations for the time-driven rules (escalation, overdue rounds, a silent monitor, auto-resolve) measured on the
/// monotonic clock, so that a step of the server's wall clock (NTP, an operator, a resumed VM) neither delays nor
/// hastens an alarm. Each timer is marked when this process writes its stored time, or else when a sweep first sees it
/// (after a restart, or written by another instance): from then on it runs on elapsed time. Stored wall times stay
/// what boards and reasons show.
/// </summary>
public sealed class ElapsedTimers(TimeProvider clock)
{
    private readonly ConcurrentDictionary<(TimerKind Kind, string Key), Mark> _marks = new();
    private readonly TimeProvider _clock = clock;

    /// <summary>The stored time <paramref name="at"/> was written just now (it is the wall clock's now): its timer runs from this instant.</summary>
    public void Started(TimerKind kind, string key, DateTimeOffset at) =>
        _marks[(kind, key)] = new Mark(at, at, _clock.GetTimestamp());

    /// <summary>Begins one sweep over the timers of <paramref name="kind"/>; <see cref="Pass.End"/> forgets those it did not see.</summary>
    public Pass Begin(TimerKind kind) => new(this, kind, _clock.GetTimestamp());

    private sealed record Mark(DateTimeOffset Stamp, DateTimeOffset WallAtMark, long Timestamp)
    {
        // Databases keep at least milliseconds; a stored time read back is the one written.
        public bool Stands(DateTimeOffset stamp) => Math.Abs((stamp - Stamp).Ticks) < TimeSpan.TicksPerMillisecond;
    }

    public sealed class Pass
    {
        private readonly ElapsedTimers _timers;
        private readonly TimerKind _kind;
        private readonly long _started;
        private readonly HashSet<string> _seen = [];

        internal Pass(ElapsedTimers timers, TimerKind kind, long started)
        {
            _timers = timers;
            _kind = kind;
            _started = started;
        }

        /// <summary>
        /// The wall clock's now as it would read had it not been stepped since the timer of <paramref name="stamp"/> was
        /// marked: compare <paramref name="stamp"/> with this, never with the wall clock. A stamp that is a past event
        /// (<paramref name="past"/>) but lies ahead of the wall clock (stepped back before this process saw it) counts from now.
        /// </summary>
        public DateTimeOffset Now(string key, DateTimeOffset stamp, bool past = true)
        {
            _seen.Add(key);
            var clock = _timers._clock;
            if (!_timers._marks.TryGetValue((_kind, key), out var mark) || !mark.Stands(stamp))
            {
                var wall = clock.GetUtcNow();
                mark = new Mark(stamp, past && stamp > wall ? stamp : wall, clock.GetTimestamp());
                _timers._marks[(_kind, key)] = mark;
            }
            return mark.WallAtMark + clock.GetElapsedTime(mark.Timestamp);
        }

        /// <summary>Forgets the timers this pass did not see (resolved, acknowledged, discharged); one marked since it began stays.</summary>
        public void End()
        {
            foreach (var (kind, key) in _timers._marks.Keys)
            {
                if (kind == _kind && !_seen.Contains(key) && _timers._marks.TryGetValue((kind, key), out var mark) && mark.Timestamp < _started)
                {
                    _timers._marks.TryRemove((kind, key), out _);
                }
            }
        }
    }
}
