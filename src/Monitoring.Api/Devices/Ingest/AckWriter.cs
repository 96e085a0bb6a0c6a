using System.Globalization;
using System.Text;
using Monitoring.Api.Devices.Hl7;
using Monitoring.Api.Devices.Pcd01;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>
/// The acknowledgement of one message: MSH addressed back to the sender, MSA with the code and MSH-10 as
/// sent (never cut), and for AE/AR an ERR with the HL7 table 0357 code. Written in the sender's separators.
/// </summary>
public static class AckWriter
{
    public static string Write(ReportHeader header, AckCode code, Refusal? refusal, string application, string facility, DateTimeOffset now)
    {
        var d = header.Delimiters;
        var f = d.Field;
        var encoding = $"{d.Component}{d.Repetition}{d.Escape}{d.Subcomponent}";
        var time = now.ToString("yyyyMMddHHmmss.fffzzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"MSH{f}{encoding}{f}{Encode(application, d)}{f}{Encode(facility, d)}{f}{header.SendingApplication}{f}{header.SendingFacility}{f}{time}{f}{f}ACK{d.Component}R01{d.Component}ACK{f}{Guid.NewGuid():N}{f}P{f}2.6\r")
            .Append(CultureInfo.InvariantCulture, $"MSA{f}{code}{f}{header.ControlId}\r");
        if (refusal is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"ERR{f}{f}{f}{refusal.ErrorCode}{d.Component}{Encode(refusal.Text, d)}{d.Component}HL70357{f}E\r");
        }
        return text.ToString();
    }

    private static string Encode(string text, Hl7Delimiters delimiters) => Hl7Escapes.Encode(text, delimiters);
}
