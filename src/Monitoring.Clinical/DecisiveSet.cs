namespace Monitoring.Clinical;

/// <summary>
/// Which complete vitals set speaks for the patient. Normally the latest; but two valid sets within
/// <see cref="Window"/> of each other that differ by a NEWS2 band (two nurses, a set charted twice) are a
/// conflict, and the schedule and the tile follow the worse of them until a later set settles it.
/// </summary>
public static class DecisiveSet
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <param name="newestFirst">Complete valid sets, latest (by observed time, then recorded time) first.</param>
    /// <param name="observedAt">When a set was observed.</param>
    /// <param name="band">A set's NEWS2 band.</param>
    public static T? Of<T>(IReadOnlyList<T> newestFirst, Func<T, DateTimeOffset> observedAt, Func<T, News2Band> band) where T : class
    {
        if (newestFirst.Count == 0)
        {
            return null;
        }
        var latest = newestFirst[0];
        return newestFirst
            .TakeWhile(set => observedAt(latest) - observedAt(set) <= Window)
            .Aggregate(latest, (worst, set) => band(set) > band(worst) ? set : worst);
    }
}
