namespace Monitoring.Clinical;

/// <summary>Every assessment scale the unit charts. A new scale is a new description added here.</summary>
public static class AssessmentScales
{
    public static IReadOnlyList<AssessmentScale> All { get; } = [CowsScale.Instance, CiwaAr.Instance];

    /// <summary>The scale by which buprenorphine induction is judged (COWS): exactly one scale has that role.</summary>
    public static AssessmentScale Induction => All.Single(scale => scale.Induction is not null);

    public static AssessmentScale? Find(string kind) => All.FirstOrDefault(scale => scale.Kind == kind);

    public static AssessmentScale Get(string kind) =>
        Find(kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an assessment scale.");
}
