using System.Globalization;

namespace Monitoring.Clinical.Devices;

/// <summary>A device's time: the instant, and whether the zone was assumed because the device sent no offset.</summary>
public readonly record struct DeviceTime(DateTimeOffset At, bool ZoneAssumed);

/// <summary>Why a sample's time keeps it out of the store (the message is still accepted).</summary>
public enum SampleTimeFault
{
    None,
    InFuture,
    BeforeAdmission,
    TooOld,
}

/// <summary>
/// The time rules of a monitor's sample: which timestamp applies (its own OBX-14, else the nearest ancestor's
/// by OBX-4, else OBR-7, else MSH-7), how an HL7 DTM is read, and which times are refused.
/// </summary>
public static class DeviceTimes
{
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan OldestAccepted = TimeSpan.FromHours(24);

    /// <summary>The first time given in order of precedence: the sample's own, its ancestors' nearest first, OBR-7, MSH-7.</summary>
    public static string Choose(string own, IEnumerable<string> ancestorsNearestFirst, string observationRequest, string message) =>
        new[] { own }.Concat(ancestorsNearestFirst).Append(observationRequest).Append(message).FirstOrDefault(time => time.Length > 0) ?? "";

    /// <summary>
    /// Reads an HL7 DTM, YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ], to at least the minute. Without an offset the
    /// time is read in the ward's zone and flagged as assumed. Null when it is not such a time.
    /// </summary>
    public static DeviceTime? Parse(string text, TimeZoneInfo wardZone)
    {
        var offsetAt = text.IndexOfAny(['+', '-']);
        var local = offsetAt < 0 ? text : text[..offsetAt];
        var offsetText = offsetAt < 0 ? null : text[offsetAt..];
        var fraction = 0.0;
        var point = local.IndexOf('.');
        if (point >= 0)
        {
            if (!double.TryParse("0" + local[point..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fraction) || point != 14)
            {
                return null;
            }
            local = local[..point];
        }
        if (local.Length is not (12 or 14) || !local.All(char.IsAsciiDigit))
        {
            return null;
        }
        if (!DateTime.TryParseExact(local.PadRight(14, '0'), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            return null;
        }
        // Rounded: 0.347 s read as a double is 3,469,999.99… ticks, which truncation would file under .346.
        wall = wall.AddTicks((long)Math.Round(fraction * TimeSpan.TicksPerSecond));
        if (offsetText is null)
        {
            return new DeviceTime(AtWallTime(wall, wardZone), ZoneAssumed: true);
        }
        if (offsetText.Length != 5 || !offsetText[1..].All(char.IsAsciiDigit))
        {
            return null;
        }
        var hours = int.Parse(offsetText[1..3], CultureInfo.InvariantCulture);
        var minutes = int.Parse(offsetText[3..], CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return null;
        }
        var offset = new TimeSpan(hours, minutes, 0) * (offsetText[0] == '-' ? -1 : 1);
        return new DeviceTime(new DateTimeOffset(wall, offset), ZoneAssumed: false);
    }

    public static SampleTimeFault Check(DateTimeOffset at, DateTimeOffset now, DateTimeOffset admittedAt) =>
        at > now + FutureTolerance ? SampleTimeFault.InFuture
        : at < admittedAt ? SampleTimeFault.BeforeAdmission
        : at < now - OldestAccepted ? SampleTimeFault.TooOld
        : SampleTimeFault.None;

    // A wall time skipped by a spring-forward is read an hour later; one repeated in autumn is read as the first.
    private static DateTimeOffset AtWallTime(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }
}
