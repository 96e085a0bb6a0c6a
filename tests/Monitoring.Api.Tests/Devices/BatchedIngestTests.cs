using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// The feed's writer stores the messages waiting together, in one transaction: each is still all or nothing,
/// answered in order on its connection, AA only once durable. Messages are made to wait together by holding the
/// SQLite file's write lock while the writer is busy with one message: what arrives meanwhile is the next batch.
/// </summary>
public sealed class BatchedIngestTests(Store store) : FeedTest(store)
{
    private ServiceProcess? _own;
    private int _port;

    private sealed record Monitor(MllpClient Client, (Guid Id, string Mrn, string Bed, TestWard Ward) Patient) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }

    protected override async Task<ServiceProcess> StartOrShareServiceAsync()
    {
        if (Store != Store.Sqlite)
        {
            Assert.Ignore("The batches are formed by holding the SQLite file's write lock.");
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

    private static string Message(Monitor monitor, string controlId, DateTimeOffset at, string? mrn = null) =>
        PcdSamples.Numerics(mrn ?? monitor.Patient.Mrn, monitor.Patient.Bed, controlId, at, (150456, "95", "262688"), (151562, "14", "264928"));

    // A connection served and answered once, so that nothing but the store holds up what it sends next.
    private async Task<Monitor> MonitorAsync()
    {
        var patient = await AdmitMonitoredAsync();
        var client = await MllpClient.ConnectAsync(_port);
        var monitor = new Monitor(client, patient);
        var warm = Ack.Parse(await client.SendAsync(Message(monitor, Unique("WARM-"), DateTimeOffset.UtcNow.AddMinutes(-10))));
        Assert.That(warm.Code, Is.EqualTo("AA"), warm.Text);
        return monitor;
    }

    private async Task<SqliteConnection> HoldWriteLockAsync()
    {
        var holder = new SqliteConnection($"Data Source={Path.Combine(_own!.DataPath, "monitoring.db")};Pooling=False");
        await holder.OpenAsync();
        await using var exclusive = holder.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE";
        await exclusive.ExecuteNonQueryAsync();
        return holder;
    }

    /// <summary>Sends each message on its connection while the writer is held up, so that they wait and are stored together.</summary>
    private async Task<Ack[]> SendTogetherAsync(Monitor holdsWriter, params (Monitor Monitor, string Message)[] messages)
    {
        Task<string> first;
        Task<string>[] sent;
        await using (await HoldWriteLockAsync())
        {
            first = holdsWriter.Client.SendAsync(Message(holdsWriter, Unique("HOLD-"), DateTimeOffset.UtcNow.AddMinutes(-5)));
            await Task.Delay(400);
            sent = [.. messages.Select(m => m.Monitor.Client.SendAsync(m.Message))];
            await Task.Delay(800);
        }
        Assert.That(Ack.Parse(await first).Code, Is.EqualTo("AA"));
        return [.. (await Task.WhenAll(sent)).Select(Ack.Parse)];
    }

    private Task<long> DistinctReceivedTimes(params string[] controlIds) =>
        Db.CountAsync("(SELECT DISTINCT received_at FROM monitor_messages WHERE control_id IN @Ids)", "1 = 1", new { Ids = controlIds });

    [Test]
    public async Task Two_connections_messages_stored_in_one_batch_are_both_acknowledged_and_stored()
    {
        await using var holder = await MonitorAsync();
        await using var a = await MonitorAsync();
        await using var b = await MonitorAsync();
        var (idA, idB) = (Unique("BA-"), Unique("BB-"));
        var now = DateTimeOffset.UtcNow;

        var acks = await SendTogetherAsync(holder, (a, Message(a, idA, now)), (b, Message(b, idB, now)));

        Assert.That(acks.Select(ack => (ack.Code, ack.ControlId)), Is.EqualTo(new[] { ("AA", idA), ("AA", idB) }));
        Assert.That(await DistinctReceivedTimes(idA, idB), Is.EqualTo(1), "committed in one batch");
        Assert.That(await SamplesOf(a.Patient.Id), Is.EqualTo(4), "warm-up and this message, two numerics each");
        Assert.That(await SamplesOf(b.Patient.Id), Is.EqualTo(4));
    }

    [Test]
    public async Task Two_copies_of_a_message_in_one_batch_are_both_acknowledged_and_stored_once()
    {
        await using var holder = await MonitorAsync();
        await using var a = await MonitorAsync();
        var other = await MllpClient.ConnectAsync(_port);
        await using var gateway = a with { Client = other };
        var id = Unique("BD-");
        var message = Message(a, id, DateTimeOffset.UtcNow);

        var acks = await SendTogetherAsync(holder, (a, message), (gateway, message));

        Assert.That(acks.Select(ack => (ack.Code, ack.ControlId)), Is.EqualTo(new[] { ("AA", id), ("AA", id) }));
        Assert.That(await SamplesOf(a.Patient.Id), Is.EqualTo(4), "the warm-up's two and this message's two, once");
        Assert.That(await Db.CountAsync("monitor_messages", "control_id = @Id", new { Id = id }), Is.EqualTo(1));
        Assert.That(await Db.CountAsync("monitor_minutes", "admission_id = @Id AND sample_count > 1", new { Id = Db.Id(a.Patient.Id) }), Is.Zero, "not counted twice");
    }

    [Test]
    public async Task A_refused_message_in_a_batch_does_not_affect_its_neighbours()
    {
        await using var holder = await MonitorAsync();
        await using var a = await MonitorAsync();
        await using var unknown = await MonitorAsync();
        await using var b = await MonitorAsync();
        var (idA, idU, idB) = (Unique("NA-"), Unique("NU-"), Unique("NB-"));
        var now = DateTimeOffset.UtcNow;

        var acks = await SendTogetherAsync(holder, (a, Message(a, idA, now)), (unknown, Message(unknown, idU, now, mrn: Unique("NOBODY"))), (b, Message(b, idB, now)));

        Assert.That(acks.Select(ack => (ack.Code, ack.ErrorCode)), Is.EqualTo(new (string, string?)[] { ("AA", null), ("AE", "204"), ("AA", null) }));
        Assert.That(await DistinctReceivedTimes(idA, idB), Is.EqualTo(1), "committed in one batch");
        Assert.That((await SamplesOf(a.Patient.Id), await SamplesOf(b.Patient.Id)), Is.EqualTo((4L, 4L)));
        Assert.That(await SamplesOf(unknown.Patient.Id), Is.EqualTo(2), "the warm-up's only");
        Assert.That(await Db.CountAsync("monitor_messages", "control_id = @Id", new { Id = idU }), Is.Zero);
    }

    [Test]
    public async Task A_store_that_cannot_be_written_answers_the_whole_batch_AE_207_and_stores_nothing()
    {
        await using var a = await MonitorAsync();
        await using var b = await MonitorAsync();
        var (messageA, messageB) = (Message(a, Unique("FA-"), DateTimeOffset.UtcNow), Message(b, Unique("FB-"), DateTimeOffset.UtcNow));

        Ack[] acks;
        await using (await HoldWriteLockAsync())
        {
            acks = [.. (await Task.WhenAll(a.Client.SendAsync(messageA), b.Client.SendAsync(messageB))).Select(Ack.Parse)];
            Assert.That((await SamplesOf(a.Patient.Id), await SamplesOf(b.Patient.Id)), Is.EqualTo((2L, 2L)), "the warm-ups' only");
        }
        var again = await Task.WhenAll(a.Client.SendAsync(messageA), b.Client.SendAsync(messageB));

        Assert.That(acks.Select(ack => (ack.Code, ack.ErrorCode)), Is.EqualTo(new (string, string?)[] { ("AE", "207"), ("AE", "207") }));
        Assert.That(again.Select(text => Ack.Parse(text).Code), Is.EqualTo(new[] { "AA", "AA" }), "sent again once the store is back");
        Assert.That((await SamplesOf(a.Patient.Id), await SamplesOf(b.Patient.Id)), Is.EqualTo((4L, 4L)), "stored once");
    }

    [Test]
    public async Task Acknowledgements_on_one_connection_come_back_in_the_order_sent()
    {
        await using var a = await MonitorAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 6).Select(i => Unique($"O{i}-")).ToArray();
        var messages = ids.Select((id, i) => i == 2 ? Message(a, id, now, mrn: Unique("NOBODY")) : Message(a, id, now.AddSeconds(-i))).ToList();
        messages[4] = Message(a, ids[4], now.AddSeconds(-4)).Replace(ids[4], ids[0], StringComparison.Ordinal);
        ids[4] = ids[0];

        await a.Client.WriteAsync([.. messages.SelectMany(MllpClient.Frame)]);
        var acks = new List<Ack>();
        for (var i = 0; i < messages.Count; i++)
        {
            acks.Add(Ack.Parse(await a.Client.ReadAckAsync()));
        }

        Assert.That(acks.Select(ack => (ack.ControlId, ack.Code)), Is.EqualTo(ids.Select((id, i) => (id, i == 2 ? "AE" : "AA"))));
        Assert.That(await SamplesOf(a.Patient.Id), Is.EqualTo(2 + (4 * 2)), "the warm-up and four new messages; the copy of the first stores nothing");
    }
}
