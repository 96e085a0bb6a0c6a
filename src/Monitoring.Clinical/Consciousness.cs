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
