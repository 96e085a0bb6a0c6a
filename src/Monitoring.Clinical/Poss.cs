namespace Monitoring.Clinical;

/// <summary>Pasero Opioid-induced Sedation Scale levels, codes S, 1, 2, 3, 4.</summary>
public enum PossLevel
{
    AsleepEasyToArouse,
    AwakeAndAlert,
    SlightlyDrowsy,
    FrequentlyDrowsy,
    Somnolent,
}

public static class Poss
{
    public static bool TryParse(string? code, out PossLevel level)
    {
        PossLevel? parsed = code switch
        {
            "S" => PossLevel.AsleepEasyToArouse,
            "1" => PossLevel.AwakeAndAlert,
            "2" => PossLevel.SlightlyDrowsy,
            "3" => PossLevel.FrequentlyDrowsy,
            "4" => PossLevel.Somnolent,
            _ => null,
        };
        level = parsed ?? default;
        return parsed is not null;
    }

    public static string Code(PossLevel level) => level == PossLevel.AsleepEasyToArouse ? "S" : Rank(level).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>S ranks 0 so that "POSS 3 or more" is <c>Rank(level) &gt;= 3</c>.</summary>
    public static int Rank(PossLevel level) => level switch
    {
        PossLevel.AsleepEasyToArouse => 0,
        PossLevel.AwakeAndAlert => 1,
        PossLevel.SlightlyDrowsy => 2,
        PossLevel.FrequentlyDrowsy => 3,
        PossLevel.Somnolent => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool IsAcceptable(PossLevel level) => Rank(level) <= 2;

    /// <summary>The words beside each code on the charting form.</summary>
    public static string Words(PossLevel level) => level switch
    {
        PossLevel.AsleepEasyToArouse => "asleep, easy to rouse",
        PossLevel.AwakeAndAlert => "awake and alert",
        PossLevel.SlightlyDrowsy => "slightly drowsy, easily roused",
        PossLevel.FrequentlyDrowsy => "often drowsy, drifts off",
        PossLevel.Somnolent => "somnolent, little or no response",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>What the nurse must do at an unacceptable level (Pasero 2009), shown as the level is chosen; null when acceptable.</summary>
    public static string? Action(PossLevel level) => level switch
    {
        PossLevel.FrequentlyDrowsy => "POSS 3 is unacceptable: monitor breathing and sedation closely, reduce the opioid dose, tell the prescriber.",
        PossLevel.Somnolent => "POSS 4 is unacceptable: stop opioids, consider naloxone, call for help.",
        _ => null,
    };
}
