namespace Monitoring.Api.Tests.Architecture.Sample.Features.Doses;

/// <summary>Half of a deliberate violation for <see cref="RoomTests"/>: the feature another one reaches into.</summary>
public sealed record DoseSample(decimal Milligrams);
