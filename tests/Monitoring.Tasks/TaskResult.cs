namespace Monitoring.Tasks;

/// <summary>One timed run of one task: what it cost the user, and what the user saw on the way.</summary>
internal sealed record TaskResult(string Task, string Screen, double Seconds, int Taps, int KeystrokeGroups, int Swipes, double SwipedPx, double ScrolledPx, IReadOnlyDictionary<string, object> Seen)
{
    /// <summary>A task done by <paramref name="user"/>: its counts and scrolling.</summary>
    public static async Task<TaskResult> OfAsync(string task, string screen, TimeSpan elapsed, ScriptedUser user, IReadOnlyDictionary<string, object> seen, List<string> problems) =>
        new(task, screen, elapsed.TotalSeconds, user.Taps, user.KeystrokeGroups, user.Swipes, user.SwipedPx, await user.ScrolledAsync(), seen) { Problems = problems };

    /// <summary>What went wrong: a task that could not be completed as a user would is reported, not timed as if it had.</summary>
    public List<string> Problems { get; init; } = [];
}
