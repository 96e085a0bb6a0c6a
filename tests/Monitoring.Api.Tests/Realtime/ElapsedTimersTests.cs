using Monitoring.Api.Realtime;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>Timers this process did not start (after a restart, or written by another instance) fall back to the stored times.</summary>
public sealed class ElapsedTimersTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 14, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_stored_time_first_seen_runs_from_the_wall_clock_difference_then_on_elapsed_time()
    {
        var clock = new SteppingClock(Start);
        var timers = new ElapsedTimers(clock);
        var activated = Start - TimeSpan.FromSeconds(90);

        Assert.That(timers.Begin(TimerKind.Escalation).Now("a", activated) - activated, Is.EqualTo(TimeSpan.FromSeconds(90)));

        clock.StepWall(TimeSpan.FromMinutes(-10));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(timers.Begin(TimerKind.Escalation).Now("a", activated) - activated, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void A_past_event_stored_ahead_of_a_stepped_back_clock_counts_from_when_it_is_first_seen()
    {
        var clock = new SteppingClock(Start);
        clock.StepWall(TimeSpan.FromMinutes(-10));
        var timers = new ElapsedTimers(clock);

        // Activated at 14:00 before the step and a restart: not 12 min from now, but as if just raised.
        Assert.That(timers.Begin(TimerKind.Escalation).Now("a", Start), Is.EqualTo(Start));
        clock.Advance(TimeSpan.FromSeconds(120));
        Assert.That(timers.Begin(TimerKind.Escalation).Now("a", Start) - Start, Is.EqualTo(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void A_due_time_ahead_of_the_clock_is_not_a_past_event()
    {
        var clock = new SteppingClock(Start);
        var timers = new ElapsedTimers(clock);
        var due = Start + TimeSpan.FromHours(4);

        Assert.That(timers.Begin(TimerKind.Overdue).Now("r", due, past: false), Is.EqualTo(Start));
    }

    [Test]
    public void A_pass_forgets_the_timers_it_did_not_see()
    {
        var clock = new SteppingClock(Start);
        var timers = new ElapsedTimers(clock);
        timers.Started(TimerKind.Escalation, "a", Start);
        clock.Advance(TimeSpan.FromSeconds(1));
        timers.Begin(TimerKind.Escalation).End();
        clock.StepWall(TimeSpan.FromMinutes(-10));

        // Forgotten, the stored time is read against the stepped clock again (and counts from now, being ahead of it).
        Assert.That(timers.Begin(TimerKind.Escalation).Now("a", Start), Is.EqualTo(Start));
    }
}
