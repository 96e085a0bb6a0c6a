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

    [Test]
    public async Task An_alarm_charted_through_the_instance_without_the_lease_is_sent_at_once_not_at_the_next_poll()
    {
        // Both instances poll once a minute and the lease outlives the test: only the wake-up over Redis
        // can bring the alarm to the board within the wait below.
        var environment = new Dictionary<string, string>
        {
            ["Monitoring__Redis"] = _redis!.Configuration,
            ["Monitoring__Outbox__PollMilliseconds"] = "60000",
            ["Monitoring__Outbox__LeaseSeconds"] = "600",
        };
        await using var holder = await ServiceProcess.StartAsync(Store.Sqlite, environment: environment);
        await FailoverDrill.WaitForHolderAsync(new Database(holder), $":{holder.BaseAddress.Port}/", TimeSpan.FromSeconds(30));
        await using var other = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: holder.DataPath, environment: environment);

        var ward = "WK" + Random.Shared.Next(10_000, 99_999);
        using var admin = await other.SignedInAsync("admin", ServiceProcess.AdminPassword);
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = "Wake-up", beds = new[] { $"{ward}-01" } });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "wake-up-password-1", role = "nurse", wards = new[] { ward } });
        var token = await other.TokenAsync($"nurse-{ward}", "wake-up-password-1");
        using var nurse = other.CreateClient(token);
        var admission = (string)(await ServiceProcess.PostOkAsync(nurse, "/api/admissions",
            new { mrn = $"W{ward}", displayName = "W", dateOfBirth = "1980-01-01", ward, bed = $"{ward}-01", substances = new[] { "opioid" } }))["id"]!;
        await using var board = new WardListener(other.BaseAddress, token);
        await board.JoinAsync(ward);

        await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/vitals", FailoverDrill.Vitals(respiratoryRate: 7, sedation: "3"));

        Assert.That(async () => await board.WaitForAsync(e => (string?)e["type"] == "alertRaised", TimeSpan.FromSeconds(15)), Throws.Nothing,
            "the alarm reached the board well before the holder's next poll");
    }
}
