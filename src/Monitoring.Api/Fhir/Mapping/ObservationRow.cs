namespace Monitoring.Api.Fhir.Mapping;

/// <summary>One charted observation: a vitals set or an assessment on a scale, with any entered-in-error marking.</summary>
public sealed record ObservationRow
{
    public Guid Id { get; init; }
    public Guid AdmissionId { get; init; }
    public Guid PatientId { get; init; }
    public string Kind { get; init; } = "";
    public DateTimeOffset ObservedAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string? Note { get; init; }
    public string? CorrectionReason { get; init; }
    public DateTimeOffset? CorrectedAt { get; init; }

    public int? RespiratoryRate { get; init; }
    public int? Spo2 { get; init; }
    public bool? OnOxygen { get; init; }
    public int? SystolicBp { get; init; }
    public int? DiastolicBp { get; init; }
    public int? HeartRate { get; init; }
    public decimal? TemperatureC { get; init; }
    public string? Consciousness { get; init; }
    public string? Sedation { get; init; }
    public int? News2Total { get; init; }
    public string? News2Parameters { get; init; }
    public string? OxygenDevice { get; init; }
    public decimal? OxygenFlowLpm { get; init; }

    public int? Total { get; init; }
    public string? Band { get; init; }
    public string? Items { get; init; }
    public string? Measurements { get; init; }

    public bool EnteredInError => CorrectedAt is not null;

    public DateTimeOffset LastUpdated => CorrectedAt ?? RecordedAt;
}
