using Microsoft.Extensions.Time.Testing;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// A fake clock whose wall time can be stepped (as NTP or an operator steps a server's clock) while its monotonic
/// timestamp only ever moves on with <see cref="FakeTimeProvider.Advance"/>: the fake ties the two together.
/// </summary>
public sealed class SteppingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long _stepTicks;

    /// <summary>Moves the wall clock by <paramref name="by"/> (back when negative); elapsed time does not move.</summary>
    public void StepWall(TimeSpan by) => Interlocked.Add(ref _stepTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _stepTicks));

    // The fake's timestamp is its wall time; this one is the unstepped time, as a monotonic clock would be.
    public override long GetTimestamp() => base.GetUtcNow().Ticks;
}
