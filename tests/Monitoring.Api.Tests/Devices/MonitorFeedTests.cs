using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Devices;

/// <summary>
/// The feed end to end over MLLP against the real service: the IHE samples accepted with the table's values,
/// every AE/AR cause answered with its code and nothing stored, duplicates, framing on a real connection, audit.
/// </summary>
public sealed class MonitorFeedTests(Store store) : FeedTest(store)
{
    private sealed record SampleRow(long MdcCode, string Parameter, double Value);

    private Task<IReadOnlyList<SampleRow>> SampleRowsOf(Guid admission) =>
        Db.QueryAsync<SampleRow>("SELECT mdc_code AS MdcCode, parameter AS Parameter, value AS Value FROM monitor_samples WHERE admission_id = @Id ORDER BY mdc_code", new { Id = Db.Id(admission) });

    private Task<long> AuditRows(string action, string where = "1 = 1") =>
        Db.CountAsync("audit_log", $"action = @Action AND client_address = '127.0.0.1' AND {where}", new { Action = action });

    [Test]
    public async Task The_episodic_NIBP_sample_E_1_2_is_stored_with_the_values_the_table_says()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var controlId = Unique("E12-");

        var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, controlId)));

        Assert.That((ack.Code, ack.ControlId), Is.EqualTo(("AA", controlId + "3")), ack.Text);
        Assert.That(await SampleRowsOf(patient.Id), Is.EqualTo(new[]
        {
            new SampleRow(149546, "heartRate", 63),
            new SampleRow(150021, "systolicBp", 120),
            new SampleRow(150022, "diastolicBp", 80),
            new SampleRow(150023, "meanBp", 93),
        }));
        Assert.That(await Db.CountAsync("monitor_minutes", "admission_id = @Id AND sample_count = 1", new { Id = Db.Id(patient.Id) }), Is.EqualTo(4));
    }

    [Test]
    public async Task The_physiological_monitor_sample_E_1_1_is_accepted_but_its_status_X_numerics_are_not_stored()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();

        var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.PhysiologicalMonitorE11, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("E11-"))));

        Assert.That(ack.Code, Is.EqualTo("AA"), ack.Text);
        Assert.That(await SamplesOf(patient.Id), Is.Zero, "OBX-11 X: the value could not be obtained");
        Assert.That(await Db.CountAsync("admission_monitors", "admission_id = @Id", new { Id = Db.Id(patient.Id) }), Is.EqualTo(1), "the monitor was heard");
    }

    [Test]
    public async Task A_duplicate_is_answered_AA_and_stored_once()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var message = PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("DUP-"));

        var first = Ack.Parse(await monitor.SendAsync(message));
        var again = Ack.Parse(await monitor.SendAsync(message));

        Assert.That((first.Code, again.Code), Is.EqualTo(("AA", "AA")));
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(4));
        Assert.That(await Db.CountAsync("monitor_minutes", "admission_id = @Id AND sample_count = 1", new { Id = Db.Id(patient.Id) }), Is.EqualTo(4), "not counted twice");
    }

    [Test]
    public async Task The_same_samples_under_a_new_control_id_are_stored_once()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var now = DateTimeOffset.UtcNow;

        await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, now, Unique("A-")));
        var second = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, now, Unique("B-"))));

        Assert.That(second.Code, Is.EqualTo("AA"));
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(4), "identical in admission, code and time");
    }

    [Test]
    public async Task MSA_2_is_MSH_10_verbatim_at_199_characters()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var controlId = Unique("L").PadRight(199, '9');
        var message = PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow).Replace("0104ef190d604db188c3", controlId, StringComparison.Ordinal);

        var ack = Ack.Parse(await monitor.SendAsync(message));

        Assert.That((ack.Code, ack.ControlId), Is.EqualTo(("AA", controlId)));
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        static string Header(string message, int field, string value)
        {
            var lines = message.Split('\r');
            var fields = lines[0].Split('|');
            fields[field - 1] = value;
            lines[0] = string.Join('|', fields);
            return string.Join('\r', lines);
        }
        yield return new TestCaseData((Func<string, string>)(m => Header(m, 9, "ADT^A01^ADT_A01")), "AR", "200").SetName("Another message type: AR 200");
        yield return new TestCaseData((Func<string, string>)(m => Header(m, 9, "ORU^R40^ORU_R40")), "AR", "201").SetName("Another event: AR 201");
        yield return new TestCaseData((Func<string, string>)(m => Header(m, 11, "D")), "AR", "202").SetName("Processing id D: AR 202");
        yield return new TestCaseData((Func<string, string>)(m => Header(m, 12, "2.3.1")), "AR", "203").SetName("Version 2.3.1: AR 203");
        yield return new TestCaseData((Func<string, string>)(m => Header(m, 10, "")), "AE", "101").SetName("No MSH-10: AE 101");
        yield return new TestCaseData((Func<string, string>)(m => m.Replace("PID|||", "PID|||^", StringComparison.Ordinal)), "AE", "101").SetName("No PID-3: AE 101");
        yield return new TestCaseData((Func<string, string>)(m => m.Replace("|120|", "|1z0|", StringComparison.Ordinal)), "AE", "102").SetName("A numeric that is no number: AE 102");
        yield return new TestCaseData((Func<string, string>)(m => m.Replace("PID|||", "PID|||NOBODY", StringComparison.Ordinal)), "AE", "204").SetName("Unknown MRN: AE 204");
        yield return new TestCaseData((Func<string, string>)(m => m.Replace("ward^room^", "ward^room^X", StringComparison.Ordinal)), "AE", "204").SetName("Another bed: AE 204");
        yield return new TestCaseData((Func<string, string>)(m => m.Replace("\rPV1", "\rpv1", StringComparison.Ordinal)), "AE", "102").SetName("An unreadable segment: AE 102");
        yield return new TestCaseData((Func<string, string>)(_ => "not hl7 at all"), "AR", "200").SetName("No MSH at all: AR 200");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Each_refusal_has_its_code_stores_nothing_and_is_audited(Func<string, string> damage, string code, string errorCode)
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var controlId = Unique("REF-");
        var audited = await AuditRows($"device.message.{code.ToLowerInvariant()}", $"resource = 'mllp/{errorCode}'");

        var ack = Ack.Parse(await monitor.SendAsync(damage(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, controlId))));

        Assert.That((ack.Code, ack.ErrorCode), Is.EqualTo((code, errorCode)), ack.Text);
        Assert.That(ack.Text, Does.Contain($"^HL70357|E"));
        Assert.That(await SamplesOf(patient.Id), Is.Zero);
        Assert.That(await Db.CountAsync("monitor_messages", "control_id = @Id", new { Id = controlId + "3" }), Is.Zero);
        Assert.That(await AuditRows($"device.message.{code.ToLowerInvariant()}", $"resource = 'mllp/{errorCode}'"), Is.EqualTo(audited + 1));
        Assert.That(Service.Output, Does.Not.Contain(patient.Mrn), "no patient data in the logs");
    }

    [Test]
    public async Task A_discharged_patients_monitor_is_answered_AE_204()
    {
        var patient = await AdmitMonitoredAsync();
        using var nurse = await SignInAsync("nurse", patient.Ward.Code);
        using var discharged = await nurse.PostAsJsonAsync($"/api/admissions/{patient.Id}/discharge", new { note = "home" });
        Assert.That(discharged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await discharged.Content.ReadAsStringAsync());
        await using var monitor = await ConnectAsync();

        var ack = Ack.Parse(await monitor.SendAsync(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, DateTimeOffset.UtcNow, Unique("DIS-"))));

        Assert.That((ack.Code, ack.ErrorCode), Is.EqualTo(("AE", "204")));
        Assert.That(await SamplesOf(patient.Id), Is.Zero);
    }

    [Test]
    public async Task Frames_split_across_reads_several_in_one_read_and_noise_between_are_answered_in_order()
    {
        var patient = await AdmitMonitoredAsync();
        await using var monitor = await ConnectAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = new[] { Unique("F1-"), Unique("F2-"), Unique("F3-") };
        var frames = ids.Select((id, i) => MllpClient.Frame(PcdSamples.ForAdmission(PcdSamples.EpisodicNibpE12, patient.Mrn, patient.Bed, now.AddMinutes(-i), id)
            .Replace('\r', i == 1 ? '\n' : '\r'))).ToList();

        // The first frame a byte at a time, then noise, the second and third in one write.
        foreach (var b in frames[0])
        {
            await monitor.WriteAsync([b]);
        }
        await monitor.WriteAsync([.. "\r\nnoise"u8.ToArray(), .. frames[1], (byte)'x', .. frames[2]]);
        var acks = new List<Ack>();
        for (var i = 0; i < 3; i++)
        {
            acks.Add(Ack.Parse(await monitor.ReadAckAsync()));
        }

        Assert.That(acks.Select(a => (a.Code, a.ControlId)), Is.EqualTo(ids.Select(id => ("AA", id + "3"))));
        Assert.That(await SamplesOf(patient.Id), Is.EqualTo(12), "the LF-ended message too");
    }

    [Test]
    public async Task A_frame_over_1_MiB_is_answered_AR_and_the_connection_closed()
    {
        await using var monitor = await ConnectAsync();

        await monitor.WriteAsync([0x0B, .. new byte[(1024 * 1024) + 10]]);

        var ack = Ack.Parse(await monitor.ReadAckAsync());
        Assert.That(ack.Code, Is.EqualTo("AR"));
        Assert.That(await monitor.ClosedByServiceAsync(), Is.True);
    }

    [Test]
    public async Task A_connection_is_audited_when_opened_and_when_closed()
    {
        var opened = await AuditRows("device.connection.opened");
        var closed = await AuditRows("device.connection.closed");

        await using (var monitor = await ConnectAsync())
        {
            await monitor.WriteAsync(MllpClient.Frame("not hl7"));
            await monitor.ReadAckAsync();
        }

        Assert.That(await AuditRows("device.connection.opened"), Is.GreaterThan(opened));
        // The close is audited once the service sees it; the answer above proves the connection was served.
        for (var attempt = 0; attempt < 100 && await AuditRows("device.connection.closed") == closed; attempt++)
        {
            await Task.Delay(100);
        }
        Assert.That(await AuditRows("device.connection.closed"), Is.GreaterThan(closed));
    }
}
