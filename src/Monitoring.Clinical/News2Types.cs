namespace Monitoring.Clinical;

public enum SpO2Scale
{
    Scale1 = 1,
    Scale2 = 2,
}

public enum News2Parameter
{
    RespirationRate,
    SpO2,
    AirOrOxygen,
    SystolicBp,
    Pulse,
    Consciousness,
    Temperature,
}

public enum News2Band
{
    Low,
    LowMedium,
    Medium,
    High,
}

/// <summary>One set of vital signs; any of them may be missing from a partial set.</summary>
public sealed record VitalSigns(
    int? RespiratoryRate,
    int? SpO2,
    bool? OnOxygen,
    int? SystolicBp,
    int? DiastolicBp,
    int? HeartRate,
    decimal? TemperatureC,
    Consciousness? Consciousness);

public sealed record News2Result(
    int? Total,
    News2Band? Band,
    IReadOnlyDictionary<News2Parameter, int> Parameters,
    IReadOnlyList<News2Parameter> Missing,
    string? NotComputedReason,
    TimeSpan? MinimumObservationInterval,
    bool NotValidatedInPregnancy = false)
{
    public bool AnyParameterScoredThree => Parameters.Values.Any(score => score == 3);

    /// <summary>The sum of the parameters that were charted: the total itself when the set is complete.</summary>
    public int PartialSum => Parameters.Values.Sum();
}
