using System.Globalization;

namespace Monitoring.Clinical.Devices;

/// <summary>Why a numeric from a monitor is not a valid sample; <see cref="Valid"/> when it is.</summary>
public enum SampleFault
{
    Valid,
    ResultStatus,
    AbnormalFlag,
    NoValue,
    SpecialValue,
    OutOfRange,
    UnitNotAccepted,
}

/// <summary>A valid sample: the parameter's row and the value in the stored unit.</summary>
public sealed record MappedSample(MonitorParameterRow Row, int Code, double Value);

/// <summary>
/// The validity rules of a monitor's numeric: result status (OBX-11), the device's measurement status
/// flags (OBX-8), IEEE 11073 special values and the physiological range of the stored value.
/// </summary>
public static class SampleValidity
{
    /// <summary>OBX-11 statuses that say the value is not a result: X cannot be obtained, W wrong, D deleted.</summary>
    public static readonly IReadOnlySet<string> RefusedStatuses = new HashSet<string>(StringComparer.Ordinal) { "X", "W", "D" };

    /// <summary>OBX-8 flags of the PCD measurement status: invalid, not available, off, not a number, ±infinity, masked, calibrating, test, demo.</summary>
    public static readonly IReadOnlySet<string> RefusedFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "INV", "NAV", "OFF", "NAN", "PINF", "NINF", "MSK", "CAL", "TEST", "DEMO",
    };

    /// <summary>IEEE 11073-20601 FLOAT special values: NaN, NRes, +INF, -INF, reserved.</summary>
    public static readonly IReadOnlySet<double> SpecialValues = new HashSet<double> { 8388607, 8388608, 8388606, 8388610, 8388609 };

    /// <summary>The reading of OBX-5 as a number, or null when it holds none (a structured numeric may carry one with "=").</summary>
    public static double? ParseNumber(string valueType, string value, string comparator = "")
    {
        var text = valueType == "SN" ? SnNumber(value, comparator) : value;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) ? number : null;
    }

    /// <summary>A numeric of a known code as a sample in the stored unit, or the reason it is not a valid one.</summary>
    public static (MappedSample? Sample, SampleFault Fault) Map(int code, string rawValue, double? number, string unitIdentifier, string unitText, string status, IEnumerable<string> flags, bool acceptStatusX)
    {
        var row = MonitorParameters.ForCode(code) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Not a code of the table.");
        var unit = MonitorParameters.UnitOf(row, unitIdentifier, unitText);
        var stored = number is { } n && unit is not null ? unit.ToStored(n) : (double?)null;
        var fault = Check(status, flags, rawValue, number, row, stored, acceptStatusX);
        // Without an accepted unit there is no stored value to range-check: the unit is the fault.
        if (fault is SampleFault.Valid or SampleFault.OutOfRange && unit is null)
        {
            fault = SampleFault.UnitNotAccepted;
        }
        return fault == SampleFault.Valid ? (new MappedSample(row, code, stored!.Value), fault) : (null, fault);
    }

    public static SampleFault Check(string status, IEnumerable<string> flags, string rawValue, double? value, MonitorParameterRow row, double? stored, bool acceptStatusX)
    {
        if (RefusedStatuses.Contains(status) && !(status == "X" && acceptStatusX))
        {
            return SampleFault.ResultStatus;
        }
        if (flags.Any(RefusedFlags.Contains))
        {
            return SampleFault.AbnormalFlag;
        }
        if (rawValue.Length == 0 || value is null)
        {
            return SampleFault.NoValue;
        }
        if (SpecialValues.Contains(value.Value))
        {
            return SampleFault.SpecialValue;
        }
        return stored is { } s && s >= row.Min && s <= row.Max ? SampleFault.Valid : SampleFault.OutOfRange;
    }

    // An SN whose comparator is "=" or empty is a plain number; "<5" or a range "1-5" is not one value.
    private static string SnNumber(string number, string comparator) => comparator is "" or "=" ? number : "";
}
