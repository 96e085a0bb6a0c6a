namespace Monitoring.Clinical;

/// <summary>Parameter names as a nurse reads them in a sentence.</summary>
public static class News2Names
{
    public static string Of(News2Parameter parameter) => parameter switch
    {
        News2Parameter.RespirationRate => "respiration rate",
        News2Parameter.SpO2 => "SpO2",
        // Never assumed to be air: a missing answer is unknown.
        News2Parameter.AirOrOxygen => "air or oxygen (unknown)",
        News2Parameter.SystolicBp => "systolic blood pressure",
        News2Parameter.Pulse => "pulse",
        News2Parameter.Consciousness => "consciousness",
        News2Parameter.Temperature => "temperature",
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };

    public static string Join(IReadOnlyList<News2Parameter> parameters) => parameters.Count switch
    {
        0 => "",
        1 => Of(parameters[0]),
        _ => string.Join(", ", parameters.Take(parameters.Count - 1).Select(Of)) + " and " + Of(parameters[^1]),
    };
}
