namespace Monitoring.Api.Charting.Wards;

/// <summary>What a ward or bed code may look like: short, and safe in a URL, a log line and an HL7 field.</summary>
public static class Codes
{
    public const string WardPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,19}$";
    public const string BedPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,39}$";
}
