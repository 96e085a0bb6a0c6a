using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary>Settings of the feed: status X accepted for gateways that send every value so, and the idle limit.</summary>
public sealed class ConfiguredFeedTests(Store store) : FeedTest(store)
{
    protected override string[] FeedSettings => ["AcceptStatusX=true", "IdleTimeoutSeconds=2"];

    [Test]
    public async Task With_AcceptStatusX_the_E_1_1_samples_are_stored_with_the_values_the_table_says()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();

        var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.PhysiologicalMonitorE11, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("X-"))));

        Assert.That(ack.Code, Is.EqualTo("AA"), ack.Text);
        var stored = await Db.QueryAsync<(long, string, double)>(
            "SELECT mdc_code, parameter, value FROM monitor_samples WHERE admission_id = @Id ORDER BY mdc_code", new { Id = Db.Id(patient.Id) });
        Assert.That(stored, Is.EqualTo(new (long, string, double)[]
        {
            (147842, "heartRate", 60), (149530, "heartRate", 62), (150021, "systolicBp", 120), (150022, "diastolicBp", 80),
            (150023, "meanBp", 93), (150344, "temperatureC", 37.2), (150456, "spo2", 98), (151562, "respiratoryRate", 14),
        }));
    }

    [Test]
    public async Task An_idle_connection_is_closed_by_the_service()
    {
        await using var monitor = await ConnectAsync();

        Assert.That(await monitor.ClosedByServiceAsync(), Is.True);
    }
}

/// <summary>A sender outside AllowedSenders is closed at connect, answered nothing and counted; nothing of it is stored.</summary>
public sealed class AllowedSendersTests(Store store) : FeedTest(store)
{
    protected override string[] FeedSettings => ["AllowedSenders__0=10.99.0.0/16"];

    [Test]
    public async Task A_sender_outside_the_allowed_ranges_is_closed_at_connect()
    {
        await using var monitor = await ConnectAsync();
        try
        {
            await monitor.WriteAsync(MllpClient.Frame(PcdSamples.EpisodicNibpE12));
        }
        catch (IOException)
        {
            // Already reset by the service: the closing this test expects.
        }

        Assert.That(await monitor.ClosedByServiceAsync(), Is.True);
        // The log line is written as the connection closes; on a loaded machine it may reach the output a moment later.
        for (var waits = 0; !Service.Output.Contains("not an allowed sender", StringComparison.Ordinal) && waits < 250; waits++)
        {
            await Task.Delay(20);
        }
        Assert.That(Service.Output, Does.Contain("not an allowed sender").And.Contain("127.0.0.1"));
    }
}
