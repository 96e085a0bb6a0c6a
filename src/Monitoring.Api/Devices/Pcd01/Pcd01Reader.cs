using Monitoring.Api.Devices.Hl7;
using Monitoring.Clinical.Devices;

namespace Monitoring.Api.Devices.Pcd01;

/// <summary>
/// Reads an ORU^R01 as IHE PCD-01 profiles it: checks the header (type, event, processing id, version),
/// the patient (PID-3) and location (PV1-3), and gathers each numeric OBX with the time that applies to it.
/// Anything it cannot accept comes back as a <see cref="Refusal"/>, never as an exception.
/// </summary>
public static class Pcd01Reader
{
    public const string ProfileOid = "1.3.6.1.4.1.19376.1.6.1.1.1";
    private static readonly string[] Versions = ["2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2"];

    /// <summary>The header as far as it can be read, for the acknowledgement of any outcome.</summary>
    public static ReportHeader HeaderOf(Hl7Message message)
    {
        var msh = message.Header;
        return new ReportHeader(msh.Raw(3), msh.Raw(4), msh.Raw(10), message.Delimiters);
    }

    public static (ObservationReport? Report, Refusal? Refusal) Read(Hl7Message message)
    {
        var msh = message.Header;
        if (msh.Value(9, 1) != "ORU")
        {
            return (null, Refusal.Rejected(200, $"Unsupported message type {Hl7Text.Printable(msh.Value(9, 1))}"));
        }
        if (msh.Value(9, 2) != "R01")
        {
            return (null, Refusal.Rejected(201, $"Unsupported event code {Hl7Text.Printable(msh.Value(9, 2))}"));
        }
        if (msh.Value(11) != "P")
        {
            return (null, Refusal.Rejected(202, $"Unsupported processing id {Hl7Text.Printable(msh.Value(11))}"));
        }
        if (!Versions.Contains(msh.Value(12)))
        {
            return (null, Refusal.Rejected(203, $"Unsupported version id {Hl7Text.Printable(msh.Value(12))}"));
        }
        if (msh.Raw(10).Length == 0)
        {
            return (null, Refusal.RequiredFieldMissing("MSH-10"));
        }
        var mrn = message.First("PID")?.Value(3) ?? "";
        if (mrn.Length == 0)
        {
            return (null, Refusal.RequiredFieldMissing("PID-3"));
        }
        var bed = message.First("PV1")?.Value(3, 3) ?? "";
        var (numerics, skipped, refusal) = Numerics(message);
        if (refusal is not null)
        {
            return (null, refusal);
        }
        var declares = Enumerable.Range(1, Math.Max(1, msh.Repetitions(21))).Any(repetition => msh.Value(21, 3, repetition) == ProfileOid);
        return (new ObservationReport(HeaderOf(message), mrn, bed, numerics, skipped, declares), null);
    }

    private static (List<ReportedNumeric> Numerics, int Skipped, Refusal? Refusal) Numerics(Hl7Message message)
    {
        var numerics = new List<ReportedNumeric>();
        var skipped = 0;
        var messageTime = message.Header.Value(7);
        var requestTime = "";
        // OBX-14 by containment path (OBX-4 without its trailing zeros) within the current OBR.
        var timesByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in message.Segments)
        {
            if (segment.Id == "OBR")
            {
                requestTime = segment.Value(7);
                timesByPath.Clear();
                continue;
            }
            if (segment.Id != "OBX")
            {
                continue;
            }
            var path = ContainmentPath(segment.Value(4));
            var ownTime = segment.Value(14);
            if (ownTime.Length > 0 && path.Length > 0)
            {
                timesByPath[path] = ownTime;
            }
            var valueType = segment.Value(2);
            if (valueType is not ("NM" or "SN"))
            {
                skipped += valueType.Length > 0 ? 1 : 0;
                continue;
            }
            var codingSystem = segment.Value(3, 3);
            if (!int.TryParse(segment.Value(3, 1), out var code) || codingSystem is not ("MDC" or "") || MonitorParameters.ForCode(code) is null)
            {
                skipped++;
                continue;
            }
            if (segment.Repetitions(5) > 1)
            {
                return (numerics, skipped, Refusal.DataType($"OBX {Hl7Text.Printable(segment.Value(1))}: a numeric holds one value"));
            }
            var (value, comparator) = valueType == "SN" ? (segment.Value(5, 2), segment.Value(5, 1)) : (segment.Value(5), "");
            var flags = Enumerable.Range(1, segment.Repetitions(8)).Select(repetition => segment.Value(8, 1, repetition)).ToList();
            var number = SampleValidity.ParseNumber(valueType, value, comparator);
            if (valueType == "NM" && value.Length > 0 && number is null)
            {
                return (numerics, skipped, Refusal.DataType($"OBX {Hl7Text.Printable(segment.Value(1))}: OBX-5 is not a number"));
            }
            var time = DeviceTimes.Choose(ownTime, Ancestors(path).Select(a => timesByPath.GetValueOrDefault(a, "")), requestTime, messageTime);
            if (time.Length == 0)
            {
                return (numerics, skipped, Refusal.RequiredFieldMissing("MSH-7"));
            }
            if (DeviceTimes.Parse(time, TimeZoneInfo.Utc) is null)
            {
                return (numerics, skipped, Refusal.DataType($"OBX {Hl7Text.Printable(segment.Value(1))}: its time is not an HL7 date and time"));
            }
            numerics.Add(new ReportedNumeric(code, valueType, value, number,
                segment.Value(6, 1), segment.Value(6, 2), segment.Value(11), flags, time, segment.Value(18)));
        }
        return (numerics, skipped, null);
    }

    // "1.2.1.3" -> "1.2.1.3"; "1.2.0.0" -> "1.2": a channel's metrics descend from it.
    private static string ContainmentPath(string subId)
    {
        var parts = subId.Split('.').ToList();
        while (parts.Count > 0 && parts[^1] == "0")
        {
            parts.RemoveAt(parts.Count - 1);
        }
        return string.Join('.', parts);
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var end = path.LastIndexOf('.'); end > 0; end = path.LastIndexOf('.', end - 1))
        {
            yield return path[..end];
        }
    }
}
