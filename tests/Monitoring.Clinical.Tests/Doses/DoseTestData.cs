namespace Monitoring.Clinical.Tests.Doses;

internal static class DoseTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
    public static readonly WardSettings Settings = WardSettings.Default;
    public static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    public static DoseGiven Dose(string drug, decimal mg, DateTimeOffset at, string? route = null) =>
        new(Guid.NewGuid(), drug, mg, DoseUnit.Mg, route ?? Medications.Find(drug)!.Routes[0], at);

    public static DateTimeOffset Minutes(int minutes) => T0.AddMinutes(minutes);
}
