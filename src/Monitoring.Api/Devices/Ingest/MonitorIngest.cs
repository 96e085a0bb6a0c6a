using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Api.Devices.Hl7;
using Monitoring.Api.Devices.Pcd01;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>The answer to one frame: the acknowledgement's bytes, what it said, and its audit row being written (AE/AR).</summary>
public sealed record IngestAnswer(byte[] Ack, AckCode Code, int ErrorCode, Task Audited);

/// <summary>
/// One monitor message from frame to acknowledgement: decoded, read as PCD-01, matched to an open
/// admission and bed by the <see cref="SampleWriter"/> (with the other messages waiting, in one transaction of
/// the shared group commit), and AA only once that transaction is durable. All or nothing: any refusal stores nothing.
/// </summary>
public sealed class MonitorIngest(
    SampleWriter writer,
    IOptions<DevicesOptions> options,
    TimeProvider clock,
    DeviceTelemetry telemetry,
    DeviceAudit audit,
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
        var (stored, admissionId) = await StoreAsync(report!);
        return (header, stored, admissionId, utf8);
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

    // One deadline for the wait in a full queue and for the commit: past it the answer is AE 207.
    private async Task<(Refusal? Refusal, Guid? AdmissionId)> StoreAsync(ObservationReport report)
    {
        var pending = new PendingReport(report);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(Options.StoreTimeoutSeconds));
        try
        {
            await writer.EnqueueAsync(pending, deadline.Token);
            return await pending.Answer.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Never AA what is not yet durable. If the commit lands after all, the resend is a duplicate: AA, stored once.
            pending.Abandon();
            logger.LogWarning("Monitor message not committed within {Seconds} s, answered AE 207", Options.StoreTimeoutSeconds);
            return (Refusal.StoreUnavailable(), null);
        }
        catch (ChannelClosedException)
        {
            // The service is stopping and its writer has finished.
            return (Refusal.StoreUnavailable(), null);
        }
    }
}
