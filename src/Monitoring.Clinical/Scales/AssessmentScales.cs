namespace Monitoring.Clinical;

/// <summary>
/// Every assessment scale the unit charts: COWS and CIWA-Ar, and any scale described as data that the service
/// registers at start-up. The list is fixed once first read, so that every part of the service sees the same scales.
/// </summary>
public static class AssessmentScales
{
    private static readonly List<AssessmentScale> Registered = [CowsScale.Instance, CiwaAr.Instance];
    private static readonly Lock Gate = new();
    private static IReadOnlyList<AssessmentScale>? _all;

    public static IReadOnlyList<AssessmentScale> All
    {
        get
        {
            lock (Gate)
            {
                return _all ??= [.. Registered];
            }
        }
    }

    /// <summary>Adds a scale before any part of the service has read the list; a kind or alert code already taken is refused.</summary>
    public static void Register(AssessmentScale scale)
    {
        lock (Gate)
        {
            if (_all is not null)
            {
                throw new InvalidOperationException($"Scale {scale.Kind} registered after the scales were first read: register scales at start-up.");
            }
            if (Registered.Any(known => known.Kind == scale.Kind))
            {
                throw new InvalidOperationException($"A scale of kind {scale.Kind} is already registered.");
            }
            var taken = Registered.SelectMany(known => known.Codes).Concat(AlertKinds.General.Select(kind => kind.Code)).Intersect(scale.Codes).ToList();
            if (taken.Count > 0)
            {
                throw new InvalidOperationException($"Scale {scale.Kind} raises alert codes already in use: {string.Join(", ", taken)}.");
            }
            var settings = Registered.SelectMany(known => known.Settings).Select(setting => setting.Name).Intersect(scale.Settings.Select(setting => setting.Name), StringComparer.OrdinalIgnoreCase).ToList();
            if (settings.Count > 0)
            {
                throw new InvalidOperationException($"Scale {scale.Kind} declares ward settings already in use: {string.Join(", ", settings)}.");
            }
            Registered.Add(scale);
        }
    }

    /// <summary>The scale by which buprenorphine induction is judged (COWS): exactly one scale has that role.</summary>
    public static AssessmentScale Induction => All.Single(scale => scale.Induction is not null);

    public static AssessmentScale? Find(string kind) => All.FirstOrDefault(scale => scale.Kind == kind);

    public static AssessmentScale Get(string kind) =>
        Find(kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an assessment scale.");
}
