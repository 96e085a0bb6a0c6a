namespace Monitoring.Api.Devices.Pcd01;

/// <summary>What the acknowledgement must say: AA accepted, AE error (retry may help), AR rejected.</summary>
public enum AckCode
{
    AA,
    AE,
    AR,
}

/// <summary>A refusal with its HL7 table 0357 code, e.g. 204 unknown key identifier.</summary>
public sealed record Refusal(AckCode Code, int ErrorCode, string Text)
{
    public static Refusal RequiredFieldMissing(string field) => new(AckCode.AE, 101, $"Required field missing: {field}");

    public static Refusal DataType(string text) => new(AckCode.AE, 102, text);

    public static Refusal UnknownPatient(string text) => new(AckCode.AE, 204, text);

    public static Refusal StoreUnavailable() => new(AckCode.AE, 207, "Store unavailable, send again");

    public static Refusal Rejected(int errorCode, string text) => new(AckCode.AR, errorCode, text);
}

/// <summary>The header fields an acknowledgement echoes, read before anything else can fail.</summary>
public sealed record ReportHeader(string SendingApplication, string SendingFacility, string ControlId, Hl7.Hl7Delimiters Delimiters)
{
    public static readonly ReportHeader Unreadable = new("", "", "", Hl7.Hl7Delimiters.Standard);
}

/// <summary>One OBX that may become a sample: its code, value, unit, status, flags and the time that applies to it.</summary>
public sealed record ReportedNumeric(
    int Code,
    string ValueType,
    string Value,
    double? Number,
    string UnitIdentifier,
    string UnitText,
    string Status,
    IReadOnlyList<string> Flags,
    string Time,
    string EquipmentId);

/// <summary>A PCD-01 observation report: whose monitor, which patient and bed, and its numerics.</summary>
public sealed record ObservationReport(
    ReportHeader Header,
    string Mrn,
    string Bed,
    IReadOnlyList<ReportedNumeric> Numerics,
    int SkippedObservations,
    bool DeclaresPcd01);
