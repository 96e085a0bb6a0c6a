using System.Globalization;
using Monitoring.Clinical;
using Monitoring.Clinical.Devices;
using Monitoring.DeviceSimulator;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// The demo's stories raise what they are there to show within five minutes of start, judged by the same alarm
/// rules as the feed: the stories' numerics, a message a second, through the validity rules and the alarm state.
/// </summary>
public sealed class DemoStoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 3, 0, 0, TimeSpan.Zero);

    private static List<AlarmChange> FiveMinutesOf(Story story)
    {
        var monitor = new SimulatedMonitor("4B", "4B-02", "MRN", story, seed: 7);
        var state = new MonitorAlarmState();
        var changes = new List<AlarmChange>();
        for (var second = 0; second < 300; second++)
        {
            var elapsed = TimeSpan.FromSeconds(second);
            if (!monitor.Sends(elapsed))
            {
                continue;
            }
            var at = Start + elapsed;
            var samples = monitor.Measure(elapsed)
                .Select(n => (n, SampleValidity.Map(n.Code, n.Value, double.Parse(n.Value, CultureInfo.InvariantCulture), n.UnitCode, n.UnitReferenceId, "R", n.Flag.Length > 0 ? [n.Flag] : [], false).Sample))
                .Where(pair => pair.Sample is not null)
                .Select(pair => new AlarmSample(pair.n.Code, pair.Sample!.Row.Parameter, at, pair.Sample.Value));
            changes.AddRange(state.Observe(samples, at, WardSettings.Default, SpO2Scale.Scale1));
        }
        return changes;
    }

    [Test]
    public void The_slow_respiratory_depression_raises_a_monitor_alarm_within_five_minutes() =>
        Assert.That(FiveMinutesOf(Story.OpioidDepression).Select(c => c.Code),
            Has.Some.EqualTo(AlertCodes.MonitorHypoxaemia).Or.Some.EqualTo(AlertCodes.MonitorBradypnoea));

    [Test]
    public void A_stable_patient_raises_nothing_in_five_minutes() =>
        Assert.That(FiveMinutesOf(Story.Stable), Is.Empty);

    [Test]
    public void The_probe_off_story_raises_a_lost_signal_within_five_minutes() =>
        Assert.That(FiveMinutesOf(Story.ProbeOff).Where(c => c.Move == AlarmMove.Fired).Select(c => c.Code), Is.EqualTo(new[] { AlertCodes.MonitorSignalLost }));

    [Test]
    public void The_silent_monitor_stops_sending_early_enough_to_be_offline_within_five_minutes()
    {
        var monitor = new SimulatedMonitor("4B", "4B-03", "MRN", Story.Silent, seed: 7);
        var lastMessage = Enumerable.Range(0, 300).Last(second => monitor.Sends(TimeSpan.FromSeconds(second)));
        Assert.That(lastMessage + WardSettings.Default.MonitorOfflineSeconds, Is.LessThan(300));
        Assert.That(FiveMinutesOf(Story.Silent), Is.Empty, "while it sends, its values are normal");
    }
}
