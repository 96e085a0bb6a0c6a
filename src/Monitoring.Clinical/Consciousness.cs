namespace Monitoring.Clinical;

/// <summary>ACVPU: alert, new confusion, responds to voice, to pain, unresponsive.</summary>
public enum Consciousness
{
    Alert,
    Confusion,
    Voice,
    Pain,
    Unresponsive,
}

public static class Acvpu
{
    public static bool TryParse(string? code, out Consciousness value)
    {
        Consciousness? parsed = code switch
        {
            "A" => Consciousness.Alert,
            "C" => Consciousness.Confusion,
            "V" => Consciousness.Voice,
            "P" => Consciousness.Pain,
            "U" => Consciousness.Unresponsive,
            _ => null,
        };
        value = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>The words beside each code on the charting form.</summary>
    public static string Words(Consciousness value) => value switch
    {
        Consciousness.Alert => "alert",
        Consciousness.Confusion => "new confusion",
        Consciousness.Voice => "responds to voice",
        Consciousness.Pain => "responds to pain",
        Consciousness.Unresponsive => "unresponsive",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Code(Consciousness value) => value switch
    {
        Consciousness.Alert => "A",
        Consciousness.Confusion => "C",
        Consciousness.Voice => "V",
        Consciousness.Pain => "P",
        Consciousness.Unresponsive => "U",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
