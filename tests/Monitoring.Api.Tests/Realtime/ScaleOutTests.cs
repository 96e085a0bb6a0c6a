using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// Two instances on one database and a Redis SignalR backplane: a dashboard on one instance hears what is
/// charted through the other, and when the instance that dispatches the outbox is killed mid-stream the
/// other takes its lease over and every committed event still reaches the board once per sequence.
/// </summary>
[NonParallelizable]
public sealed class ScaleOutTests
{
    private RedisServer? _redis;

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (RedisServer.Executable is null)
        {
            Assert.Ignore("Scale-out test not run: redis-server is missing (tests/tools/install-test-deps.sh installs it).");
        }
        _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [Test]
    public async Task Killing_the_dispatching_instance_mid_stream_loses_and_repeats_nothing_on_a_board_of_the_other()
    {
        var drill = await FailoverDrill.RunAsync(_redis!, readings: 40, killAfter: 15);
        TestContext.Out.WriteLine($"failover (kill to first event committed after it, on the board): {drill.Failover.TotalMilliseconds:F0} ms; duplicates dropped by the board: {drill.DuplicatesDropped}");

        Assert.Multiple(() =>
        {
            Assert.That(drill.AlarmThroughBReachedBoardOnA, Is.True, "an alarm charted through B reached the board on A");
            Assert.That(drill.HolderAfter, Is.Not.Null.And.Not.EqualTo(drill.HolderBefore), "A took the lease over");
            Assert.That(drill.AcknowledgedObservations, Has.Count.EqualTo(40).And.Unique);
            Assert.That(drill.Committed, Is.Not.Empty);
            // Once per sequence, none missing, none extra, in order: exactly what was committed.
            Assert.That(drill.Applied, Is.EqualTo(drill.Committed));
            Assert.That(drill.ObservationsOnBoard, Is.SupersetOf(drill.AcknowledgedObservations));
            Assert.That(drill.UnsentAtEnd, Is.Zero, "the new dispatcher marked everything sent");
            Assert.That(drill.Failover, Is.LessThan(TimeSpan.MaxValue), "events committed after the kill were delivered");
        });
    }
}
