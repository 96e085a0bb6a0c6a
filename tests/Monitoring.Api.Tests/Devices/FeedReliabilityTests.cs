using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// What an AA promises survives a kill -9 while monitors send, on a database that checks whole; a store that
/// cannot be written is answered AE 207, never AA, and the feed goes on once it can be again.
/// </summary>
public sealed class FeedReliabilityTests(Store store) : FeedTest(store)
{
    private ServiceProcess? _own;
    private int _port;

    // Killed and locked: a service of its own, on the SQLite file the drills reach into.
    protected override async Task<ServiceProcess> StartOrShareServiceAsync()
    {
        if (Store != Store.Sqlite)
        {
            Assert.Ignore("The kill and lock drills act on the SQLite file.");
        }
        (_own, _port) = await FeedServices.StartAsync(Store.Sqlite, ["StoreTimeoutSeconds=5"]);
        return _own;
    }

    [OneTimeTearDown]
    public async Task StopOwnService()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
    }

    [Test]
    public async Task Every_acknowledged_sample_is_there_after_a_kill_during_sending()
    {
        var patients = new List<(Guid Id, string Mrn, string Bed)>();
        for (var i = 0; i < 8; i++)
        {
            var (id, mrn, bed, _) = await AdmitMonitoredAsync();
            patients.Add((id, mrn, bed));
        }
        var acknowledged = new ConcurrentBag<(Guid Admission, DateTimeOffset At)>();
        using var stop = new CancellationTokenSource();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var senders = patients.Select((patient, index) => Task.Run(async () =>
        {
            try
            {
                await using var monitor = await MllpClient.ConnectAsync(_port);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    // Each message a distinct time, so that its samples are its own.
                    var at = start.AddMilliseconds((n * 10) + index);
                    var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.Numerics(patient.Mrn, patient.Bed, $"K{index}-{n}", at, (150456, "95", "262688"), (151562, "14", "264928"))));
                    if (ack.Code == "AA")
                    {
                        acknowledged.Add((patient.Id, at));
                    }
                }
            }
            catch (IOException)
            {
                // The service was killed: what was answered AA before is what must survive.
            }
        })).ToList();

        for (var waits = 0; acknowledged.Count < 200 && waits < 3000; waits++)
        {
            await Task.Delay(20);
        }
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(200), "the monitors were answered before the kill");
        _own!.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        await _own.StartAgainAsync();

        var stored = (await Db.QueryAsync<(string, string)>("SELECT admission_id, observed_at FROM monitor_samples WHERE mdc_code = 150456"))
            .Select(row => (Guid.Parse(row.Item1), DateTimeOffset.Parse(row.Item2, CultureInfo.InvariantCulture).UtcTicks)).ToHashSet();
        var missing = acknowledged.Where(a => !stored.Contains((a.Admission, a.At.UtcTicks - (a.At.UtcTicks % TimeSpan.TicksPerMillisecond)))).ToList();
        Assert.That(missing, Is.Empty, $"{missing.Count} of {acknowledged.Count} acknowledged messages lost their samples");
        Assert.That(await Db.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task A_desaturation_cut_by_a_kill_is_completed_after_the_restart_and_alarms_once()
    {
        var patient = await AdmitMonitoredAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        async Task SendAsync(int from, int to)
        {
            await using var monitor = await MllpClient.ConnectAsync(_port);
            for (var second = from; second <= to; second++)
            {
                var message = PcdSamples.Numerics(patient.Mrn, patient.Bed, Unique("R"), start.AddSeconds(second), (150456, "85", "262688"), (151562, "14", "264928"));
                Assert.That(Ack.Parse(await monitor.SendAsync(message)).Code, Is.EqualTo("AA"));
            }
        }
        Task<long> AlarmsAsync() => Db.CountAsync("alerts", "admission_id = @Id AND code = 'monitor-hypoxaemia'", new { Id = Db.Id(patient.Id) });

        // Ten seconds of a twenty-second desaturation, then kill -9: the state in memory is gone.
        await SendAsync(0, 9);
        _own!.Kill();
        await _own.StartAgainAsync();
        await SendAsync(10, 20);

        for (var waits = 0; await AlarmsAsync() == 0 && waits < 500; waits++)
        {
            await Task.Delay(20);
        }
        Assert.That(await AlarmsAsync(), Is.EqualTo(1), "the samples stored before the kill and those after it make 15 s");
        await SendAsync(21, 25);
        await Task.Delay(500);
        Assert.That(await AlarmsAsync(), Is.EqualTo(1), "one alarm for one episode");
        Assert.That(await Db.CountAsync("alert_events e JOIN alerts a ON a.id = e.alert_id", "a.admission_id = @Id AND e.event = 'raised'", new { Id = Db.Id(patient.Id) }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_store_that_cannot_be_written_is_answered_AE_207_and_nothing_is_stored()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await MllpClient.ConnectAsync(_port);
        var message = PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("LOCK-"));

        Ack locked;
        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(_own!.DataPath, "monitoring.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();
            locked = Ack.Parse(await monitor.SendAsync(message));
            Assert.That(await SamplesOf(patient.Id), Is.Zero);
        }
        var again = Ack.Parse(await monitor.SendAsync(message));

        Assert.That((locked.Code, locked.ErrorCode), Is.EqualTo(("AE", "207")), locked.Text);
        Assert.That(again.Code, Is.EqualTo("AA"), "the gateway sends it again and it is stored");
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(4));
    }

    [Test]
    public async Task A_graceful_stop_finishes_and_answers_the_message_in_hand()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await MllpClient.ConnectAsync(_port);
        // One message first, so that the one in hand is read at once rather than after the feed's first compilation.
        var warmUp = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow.AddMinutes(-5), Unique("WARM-"))));
        Assert.That(warmUp.Code, Is.EqualTo("AA"), warmUp.Text);
        var message = PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("STOP-"));

        Ack answer;
        bool closed;
        try
        {
            await using (var holder = new SqliteConnection($"Data Source={Path.Combine(_own!.DataPath, "monitoring.db")};Pooling=False"))
            {
                await holder.OpenAsync();
                await using var exclusive = holder.CreateCommand();
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync();
                // The message is in hand, waiting for the store, when the service is asked to stop.
                await monitor.WriteAsync(MllpClient.Frame(message));
                await Task.Delay(1500);
                using (var stop = System.Diagnostics.Process.Start("kill", ["-TERM", _own.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)]))
                {
                    await stop.WaitForExitAsync();
                }
                await Task.Delay(500);
            }
            answer = Ack.Parse(await monitor.ReadAckAsync());
            closed = await monitor.ClosedByServiceAsync();
        }
        finally
        {
            _own!.Kill();
            await _own.StartAgainAsync();
        }

        Assert.That(answer.Code, Is.EqualTo("AA"), answer.Text);
        Assert.That(closed, Is.True, "the connection is closed once the message in hand is answered");
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(8), "the warm-up's and the one in hand's");
    }

    [Test]
    public async Task Retention_deletes_raw_samples_past_the_retention_days_and_keeps_the_minutes()
    {
        var patient = await AdmitMonitoredAsync();
        await using (var monitor = await MllpClient.ConnectAsync(_port))
        {
            Assert.That(Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("RET-")))).Code, Is.EqualTo("AA"));
        }
        // A sample and its minute from 20 days ago, as a long stay leaves them (retention is 14 days).
        var old = DateTimeOffset.UtcNow.AddDays(-20).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:00.0000000'+00:00'", CultureInfo.InvariantCulture);
        await Db.ExecuteAsync(
            "INSERT INTO monitor_samples (admission_id, mdc_code, parameter, observed_at, value, zone_assumed, received_at) VALUES (@Id, 150456, 'spo2', @At, 95, 0, @At)",
            new { Id = Db.Id(patient.Id), At = old });
        await Db.ExecuteAsync(
            "INSERT INTO monitor_minutes (admission_id, mdc_code, parameter, minute_at, min_value, max_value, last_value, last_at, sample_count) VALUES (@Id, 150456, 'spo2', @At, 95, 95, 95, @At, 1)",
            new { Id = Db.Id(patient.Id), At = old });

        // The retention pass runs at start and every hour after.
        _own!.Kill();
        await _own.StartAgainAsync();
        for (var waits = 0; waits < 300 && await Db.CountAsync("monitor_samples", "admission_id = @Id AND observed_at = @At", new { Id = Db.Id(patient.Id), At = old }) > 0; waits++)
        {
            await Task.Delay(100);
        }

        Assert.That(await Db.CountAsync("monitor_samples", "admission_id = @Id AND observed_at = @At", new { Id = Db.Id(patient.Id), At = old }), Is.Zero, "the old raw sample is gone");
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(4), "today's stay");
        Assert.That(await Db.CountAsync("monitor_minutes", "admission_id = @Id AND minute_at = @At", new { Id = Db.Id(patient.Id), At = old }), Is.EqualTo(1), "its minute stays for the stay");
    }
}
