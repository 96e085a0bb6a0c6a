using System.Text;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Devices.Alarms;
using Monitoring.Api.Devices.Hl7;
using Monitoring.Api.Devices.Pcd01;
using Monitoring.Api.Features.Wards;
using Monitoring.Clinical.Devices;
using Polly.Registry;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>The answer to one frame: the acknowledgement's bytes, what it said, and its audit row being written (AE/AR).</summary>
public sealed record IngestAnswer(byte[] Ack, AckCode Code, int ErrorCode, Task Audited);

/// <summary>
/// One monitor message from frame to acknowledgement: decoded, read as PCD-01, matched to an open
/// admission and bed, its valid samples stored in one transaction through the shared group commit, and AA
/// only once that transaction is durable. All or nothing: any refusal stores nothing.
/// </summary>
public sealed class MonitorIngest(
    IServiceScopeFactory scopes,
    IOptions<DevicesOptions> options,
    TimeProvider clock,
    ResiliencePipelineProvider<string> pipelines,
    WardSettingsCache wardSettings,
    DeviceTelemetry telemetry,
    DeviceAudit audit,
    MonitorAlarmEvaluator alarms,
    ILogger<MonitorIngest> logger)
{
    private const int MaximumControlIdLength = 199;
    private const int MaximumSendingApplicationLength = 227;

    private DevicesOptions Options => options.Value;

    public async Task<IngestAnswer> AcceptAsync(byte[] frame, string sender)
    {
        var (header, refusal, admissionId, utf8) = await HandleAsync(frame);
        var code = refusal?.Code ?? AckCode.AA;
        telemetry.Answered(code.ToString(), refusal?.ErrorCode ?? 0);
        var audited = Task.CompletedTask;
        if (refusal is not null)
        {
            logger.LogInformation("Monitor message from {Sender} answered {Code} {Error}", sender, code, refusal.ErrorCode);
            // Written while the answer goes out: a store too busy for the message is too busy for its audit row too.
            audited = audit.RecordAsync($"device.message.{code.ToString().ToLowerInvariant()}", sender, $"mllp/{refusal.ErrorCode}", admissionId);
        }
        var ack = AckWriter.Write(header, code, refusal, Options.ApplicationName, Options.FacilityName, clock.GetUtcNow());
        return new IngestAnswer((utf8 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(ack), code, refusal?.ErrorCode ?? 0, audited);
    }

    /// <summary>A frame over the size limit: answered AR without reading it.</summary>
    public Task<IngestAnswer> RefuseOversizedAsync(string sender)
    {
        var refusal = Refusal.Rejected(200, $"Frame over {DevicesOptions.MaximumFrameBytes} bytes");
        telemetry.Answered(nameof(AckCode.AR), refusal.ErrorCode);
        var audited = audit.RecordAsync("device.message.ar", sender, "mllp/oversized");
        var ack = AckWriter.Write(ReportHeader.Unreadable, AckCode.AR, refusal, Options.ApplicationName, Options.FacilityName, clock.GetUtcNow());
        return Task.FromResult(new IngestAnswer(Encoding.Latin1.GetBytes(ack), AckCode.AR, refusal.ErrorCode, audited));
    }

    private async Task<(ReportHeader Header, Refusal? Refusal, Guid? AdmissionId, bool Utf8)> HandleAsync(byte[] frame)
    {
        string text;
        try
        {
            text = Hl7Text.Decode(frame);
        }
        catch (Hl7ParseException exception)
        {
            return (ReportHeader.Unreadable, Refusal.Rejected(200, exception.Message), null, false);
        }
        Hl7Message message;
        try
        {
            message = Hl7Message.Parse(text);
        }
        catch (Hl7ParseException exception)
        {
            // The header may still be readable: the refusal then goes back addressed and with its MSH-10.
            var firstLine = text.Split(['\r', '\n'], 2)[0];
            return TryHeader(firstLine) is { } readable
                ? (readable, Refusal.DataType(exception.Message), null, false)
                : (ReportHeader.Unreadable, Refusal.Rejected(200, exception.Message), null, false);
        }
        var header = Pcd01Reader.HeaderOf(message);
        var utf8 = message.Header.Value(18) == "UNICODE UTF-8";
        var (report, refusal) = Pcd01Reader.Read(message);
        if (refusal is not null)
        {
            return (header, refusal, null, utf8);
        }
        if (header.ControlId.Length > MaximumControlIdLength || header.SendingApplication.Length > MaximumSendingApplicationLength)
        {
            return (header, Refusal.DataType("MSH-3 or MSH-10 is longer than HL7 allows"), null, utf8);
        }
        var store = StoreAsync(report!);
        try
        {
            var (stored, admissionId) = await store.WaitAsync(TimeSpan.FromSeconds(Options.StoreTimeoutSeconds));
            return (header, stored, admissionId, utf8);
        }
        catch (TimeoutException)
        {
            // Never AA what is not yet durable. If the commit lands after all, the resend is a duplicate: AA, stored once.
            logger.LogWarning("Monitor message not committed within {Seconds} s, answered AE 207", Options.StoreTimeoutSeconds);
            return (header, Refusal.StoreUnavailable(), null, utf8);
        }
    }

    private static ReportHeader? TryHeader(string firstLine)
    {
        try
        {
            return Pcd01Reader.HeaderOf(Hl7Message.Parse(firstLine));
        }
        catch (Hl7ParseException)
        {
            return null;
        }
    }

    private async Task<(Refusal? Refusal, Guid? AdmissionId)> StoreAsync(ObservationReport report)
    {
        var now = clock.GetUtcNow();
        try
        {
            return await pipelines.GetPipeline(DatabaseResilience.PipelineName).ExecuteAsync(async cancellationToken =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<DbSession>();
                var store = new SampleStore(session);
                var admission = await store.FindAdmissionAsync(report.Mrn, cancellationToken);
                if (admission is null)
                {
                    return (Refusal.UnknownPatient("Unknown patient: no open admission has this PID-3"), (Guid?)null);
                }
                if (report.Bed.Length > 0 && !string.Equals(report.Bed, admission.BedCode, StringComparison.Ordinal))
                {
                    return (Refusal.UnknownPatient("Wrong bed: PV1-3 names another bed than the admission's"), admission.Id);
                }
                var (samples, deviceTime) = Samples(report, admission, now);
                await session.BeginAsync(cancellationToken);
                try
                {
                    var stored = 0;
                    DateTimeOffset? previous = null;
                    var fresh = await store.RecordMessageAsync(report.Header.SendingApplication, report.Header.ControlId, now, cancellationToken);
                    if (fresh)
                    {
                        stored = await store.StoreAsync(admission.Id, samples, now, cancellationToken);
                        previous = await store.TouchMonitorAsync(admission.Id, DeviceId(report), now, cancellationToken);
                    }
                    // Committing even a duplicate's empty turn waits for the batch that may hold the original.
                    await session.CommitAsync(cancellationToken);
                    telemetry.Samples("stored", stored);
                    telemetry.Samples("duplicate", fresh ? samples.Count - stored : samples.Count);
                    if (fresh)
                    {
                        alarms.Committed(new CommittedMessage(admission.Id, samples, deviceTime, now, previous));
                    }
                    return ((Refusal?)null, (Guid?)admission.Id);
                }
                catch
                {
                    await session.AbandonAsync();
                    throw;
                }
            }, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Never AA what is not durable: the monitor or gateway keeps the message and sends it again.
            logger.LogWarning("Monitor message not stored, answered AE 207: {Error}", exception.GetType().Name);
            return (Refusal.StoreUnavailable(), null);
        }
    }

    // The valid samples to store, and the latest device time the message speaks for: an invalid sample (a probe off)
    // still tells the alarm rules that the monitor sends while a parameter is silent.
    private (List<StoredSample> Samples, DateTimeOffset? DeviceTime) Samples(ObservationReport report, MonitoredAdmission admission, DateTimeOffset now)
    {
        var zone = WardZone.Of(wardSettings.Of(admission.WardCode, admission.WardSettingsJson));
        var samples = new List<StoredSample>();
        DateTimeOffset? deviceTime = null;
        telemetry.Samples("skipped", report.SkippedObservations);
        foreach (var numeric in report.Numerics)
        {
            // The reader has checked that every numeric's time reads.
            var time = DeviceTimes.Parse(numeric.Time, zone)!.Value;
            var timeFault = DeviceTimes.Check(time.At, now, admission.AdmittedAt);
            if (timeFault == SampleTimeFault.None && (deviceTime is null || time.At > deviceTime))
            {
                deviceTime = time.At.ToUniversalTime();
            }
            var (sample, fault) = SampleValidity.Map(numeric.Code, numeric.Value, numeric.Number, numeric.UnitIdentifier, numeric.UnitText, numeric.Status, numeric.Flags, Options.AcceptStatusX);
            if (sample is null)
            {
                telemetry.Samples($"invalid.{fault}", 1);
                continue;
            }
            if (timeFault != SampleTimeFault.None)
            {
                telemetry.Samples($"dropped.{timeFault}", 1);
                continue;
            }
            samples.Add(new StoredSample(sample.Code, sample.Row.Parameter, time.At.ToUniversalTime(), sample.Value, time.ZoneAssumed));
        }
        return (samples, deviceTime);
    }

    // The equipment instance (OBX-18) when the device names itself, else the sending application (MSH-3).
    private static string DeviceId(ObservationReport report)
    {
        var id = report.Numerics.Select(n => n.EquipmentId).FirstOrDefault(e => e.Length > 0) ?? report.Header.SendingApplication;
        return id.Length > 199 ? id[..199] : id;
    }
}
