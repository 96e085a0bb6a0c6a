using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Observations;

public sealed record News2View(
    int? Total,
    News2Band? Band,
    IReadOnlyDictionary<string, int> Parameters,
    string? NotComputedReason,
    int? MinimumObservationIntervalMinutes);

public sealed record EnteredInErrorView(string Reason, string By, DateTimeOffset At);

public sealed record VitalsView(
    Guid Id,
    DateTimeOffset ObservedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    int? RespiratoryRate,
    int? Spo2,
    bool? OnOxygen,
    int? SystolicBp,
    int? DiastolicBp,
    int? HeartRate,
    decimal? TemperatureC,
    string? Consciousness,
    string? Sedation,
    string? Note,
    News2View News2,
    EnteredInErrorView? EnteredInError,
    int Spo2Scale = 1,
    string? OxygenDevice = null,
    decimal? OxygenFlowLpm = null,
    string Source = VitalsSources.Manual);

public sealed record CowsView(
    Guid Id,
    DateTimeOffset ObservedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    int Total,
    string Severity,
    IReadOnlyDictionary<string, int> Items,
    int? RestingPulseBpm,
    string? Note,
    EnteredInErrorView? EnteredInError);

/// <summary>An assessment on any scale; <see cref="Severity"/> is the band of its total.</summary>
public sealed record AssessmentView(
    Guid Id,
    string Kind,
    string Scale,
    DateTimeOffset ObservedAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    int Total,
    string Severity,
    IReadOnlyDictionary<string, int> Items,
    IReadOnlyDictionary<string, int>? Measurements,
    string? Note,
    EnteredInErrorView? EnteredInError)
{
    /// <summary>The COWS shape that earlier clients read (<c>latestCows</c>, timeline <c>cows</c>).</summary>
    public CowsView? AsCows() => Kind != CowsScale.Instance.Kind ? null : new CowsView(
        Id, ObservedAt, RecordedAt, RecordedBy, Total, Severity, Items,
        Measurements is not null && Measurements.TryGetValue("restingPulseBpm", out var bpm) ? bpm : null, Note, EnteredInError);
}

/// <summary>Wire names of clinical parameters, and the mapping from stored rows to views.</summary>
public static class ObservationMapping
{
    public static string Name(News2Parameter parameter) => parameter switch
    {
        News2Parameter.RespirationRate => "respiratoryRate",
        News2Parameter.SpO2 => "spo2",
        News2Parameter.AirOrOxygen => "airOrOxygen",
        News2Parameter.SystolicBp => "systolicBp",
        News2Parameter.Pulse => "heartRate",
        News2Parameter.Consciousness => "consciousness",
        News2Parameter.Temperature => "temperatureC",
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };

    public static News2View ToView(News2Result result) => new(
        result.Total,
        result.Band,
        result.Parameters.ToDictionary(pair => Name(pair.Key), pair => pair.Value),
        result.NotComputedReason,
        result.MinimumObservationInterval is { } interval ? (int)interval.TotalMinutes : null);

    public static EnteredInErrorView? Correction(string? reason, string? by, DateTimeOffset? at) =>
        reason is null ? null : new EnteredInErrorView(reason, by ?? "", at!.Value);
}

/// <summary>An observation or dose marked entered-in-error: who, when and why.</summary>
public sealed record Correction(Guid ObservationId, Guid AdmissionId, string Kind, string Status, string Reason, string CorrectedBy, DateTimeOffset CorrectedAt);
