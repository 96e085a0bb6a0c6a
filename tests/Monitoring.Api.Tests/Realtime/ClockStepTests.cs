using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// Escalation and overdue rounds run on elapsed time: the server's wall clock is stepped (back, as after an NTP
/// correction, or forward) while the monotonic clock runs on, and the alarms come when the elapsed time says.
/// </summary>
[NonParallelizable]
public sealed class ClockStepTests() : FakeClockWardTest("CS1", "CS1-01")
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    [Test]
    public async Task A_high_alert_escalates_after_two_minutes_when_the_wall_clock_is_stepped_back()
    {
        var admission = await AdmitAsync();
        using var _ = await PostVitalsAsync(admission, rate: 7);
        Service.Clock.StepWall(-Step);

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(119));
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.False);

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(1));
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.True, "120 s elapsed, though the wall clock reads 8 min before the alert");
    }

    [Test]
    public async Task A_step_forward_does_not_spend_the_escalation_before_anyone_could_answer()
    {
        var admission = await AdmitAsync();
        using var _ = await PostVitalsAsync(admission, rate: 7);
        Service.Clock.StepWall(Step);

        // Escalated at once, the alert would never be announced again: the re-announcement is for an alarm nobody answered in two minutes.
        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(1));
        var alert = (await AlertAsync("respiratory-depression"))!;
        Assert.That(((string?)alert["status"], (bool?)alert["escalated"]), Is.EqualTo(("active", (bool?)false)));

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(118));
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.False);

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(1));
        Assert.That((bool?)(await AlertAsync("respiratory-depression"))!["escalated"], Is.True);
    }

    [Test]
    public async Task A_missed_round_is_overdue_on_elapsed_time_when_the_wall_clock_is_stepped_back()
    {
        var admission = await AdmitAsync();
        await ChartVitalsAsync(admission);
        await ChartCowsAsync(admission);
        await Service.SweepAsync();
        Service.Clock.StepWall(-Step);

        // COWS 0 is due again in 4 h, overdue 15 min after.
        await AdvanceAndSweepAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.That(await AlertAsync("observations-overdue"), Is.Null);

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        var overdue = await AlertAsync("observations-overdue");
        Assert.That((string?)overdue?["reason"], Does.StartWith("COWS due at").And.Contain("not charted 15 min after"));
    }

    [Test]
    public async Task A_step_forward_does_not_make_a_round_overdue_before_it_is()
    {
        var admission = await AdmitAsync();
        await ChartVitalsAsync(admission);
        await ChartCowsAsync(admission);
        await Service.SweepAsync();
        Service.Clock.StepWall(Step);

        await AdvanceAndSweepAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.That(await AlertAsync("observations-overdue"), Is.Null, "the wall clock reads 25 min past due, but 14 min 59 s have passed");

        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        Assert.That(await AlertAsync("observations-overdue"), Is.Not.Null);
    }
}
