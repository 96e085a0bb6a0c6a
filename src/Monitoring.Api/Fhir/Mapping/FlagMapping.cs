using Hl7.Fhir.Model;
using static Monitoring.Api.Fhir.Mapping.FhirReferences;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>An alert as read from the alerts table.</summary>
public sealed record AlertRow
{
    public Guid Id { get; init; }
    public Guid AdmissionId { get; init; }
    public Guid PatientId { get; init; }
    public string Code { get; init; } = "";
    public string Priority { get; init; } = "";
    public string Status { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }

    public DateTimeOffset LastUpdated => new[] { RaisedAt, AcknowledgedAt ?? RaisedAt, ResolvedAt ?? RaisedAt, EscalatedAt ?? RaisedAt }.Max();
}

/// <summary>
/// An alert as a clinical Flag: active until resolved, its code and reason, the period from raised to resolved,
/// and its priority (and status as the ward sees it) in extensions of the service's own.
/// </summary>
public static class FlagMapping
{
    public static Flag ToResource(AlertRow row, FhirCanon canon)
    {
        var resolved = row.Status == "resolved";
        return new Flag
        {
            Id = Id(row.Id),
            Meta = Updated(row.LastUpdated),
            Status = resolved ? Flag.FlagStatus.Inactive : Flag.FlagStatus.Active,
            Category = [Concept(FhirSystems.FlagCategory, "clinical", "Clinical")],
            Code = Concept(canon.AlertCodeSystem, row.Code, row.Code, row.Reason),
            Subject = Patient(row.PatientId),
            Encounter = Encounter(row.AdmissionId),
            Period = new Period(new FhirDateTime(row.RaisedAt), resolved && row.ResolvedAt is { } end ? new FhirDateTime(end) : null),
            Extension = [new Extension(canon.PriorityExtension, new Code(row.Priority))],
        };
    }
}
