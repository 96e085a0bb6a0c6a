namespace Monitoring.Clinical;

/// <summary>A substance the patient uses, and when they last used it where known.</summary>
public sealed record SubstanceUse(string Substance, DateTimeOffset? LastUseAt = null)
{
    public static implicit operator SubstanceUse(string substance) => new(substance);
}

/// <summary>How long before buprenorphine may start after the last use of a full opioid agonist.</summary>
public enum OpioidAction
{
    None,
    ShortActing,
    Fentanyl,
    Methadone,
    Buprenorphine,
}

/// <summary>
/// The substances an admission may name: the broad classes charted since the start ("opioid" is a
/// short-acting opioid) and the specific ones whose last use decides when buprenorphine is safe.
/// </summary>
public static class Substances
{
    public const string Opioid = "opioid";
    public const string Alcohol = "alcohol";

    /// <summary>Each name with its class, the class being what schedules COWS (opioid) or alcohol scales.</summary>
    private static readonly Dictionary<string, (string Class, OpioidAction Action)> Known = new(StringComparer.Ordinal)
    {
        ["opioid"] = (Opioid, OpioidAction.ShortActing),
        ["heroin"] = (Opioid, OpioidAction.ShortActing),
        ["oxycodone"] = (Opioid, OpioidAction.ShortActing),
        ["other-opioid"] = (Opioid, OpioidAction.ShortActing),
        ["fentanyl"] = (Opioid, OpioidAction.Fentanyl),
        ["methadone"] = (Opioid, OpioidAction.Methadone),
        ["buprenorphine"] = (Opioid, OpioidAction.Buprenorphine),
        ["alcohol"] = (Alcohol, OpioidAction.None),
        ["benzodiazepine"] = ("benzodiazepine", OpioidAction.None),
        ["stimulant"] = ("stimulant", OpioidAction.None),
        ["cannabis"] = ("cannabis", OpioidAction.None),
        ["other"] = ("other", OpioidAction.None),
    };

    public static IReadOnlyList<string> Names { get; } = [.. Known.Keys];

    public static bool IsKnown(string? substance) => substance is not null && Known.ContainsKey(substance);

    public static string ClassOf(string substance) => Known[substance].Class;

    public static OpioidAction ActionOf(string substance) => Known[substance].Action;

    /// <summary>Full agonists, whose receptors buprenorphine displaces: the patients at risk of precipitated withdrawal.</summary>
    public static bool IsFullAgonist(string substance) => ActionOf(substance) is OpioidAction.ShortActing or OpioidAction.Fentanyl or OpioidAction.Methadone;

    /// <summary>The classes of the named substances, in the order first named, as the admission's schedule reads them.</summary>
    public static IReadOnlyList<string> Classes(IEnumerable<SubstanceUse> uses) => [.. uses.Select(use => ClassOf(use.Substance)).Distinct()];
}
