using Monitoring.Api.Tests.Architecture.Sample.Features.Doses;

namespace Monitoring.Api.Tests.Architecture.Sample.Features.Wards;

/// <summary>A deliberate violation for <see cref="RoomTests"/>: one feature that uses another's type.</summary>
public static class ReadsDoses
{
    public static decimal Total(IEnumerable<DoseSample> doses) => doses.Sum(dose => dose.Milligrams);
}
