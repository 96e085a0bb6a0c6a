using Hl7.Fhir.Model;

namespace Monitoring.Api.Fhir.Mapping;

public sealed record EncounterRow
{
    public Guid Id { get; init; }
    public Guid PatientId { get; init; }
    public string WardCode { get; init; } = "";
    public string WardName { get; init; } = "";
    public string BedCode { get; init; } = "";
    public DateTimeOffset AdmittedAt { get; init; }
    public DateTimeOffset? DischargedAt { get; init; }
}

/// <summary>An admission as an inpatient Encounter: in progress until discharged, at its ward and current bed.</summary>
public static class EncounterMapping
{
    public const string StatusSystem = "http://hl7.org/fhir/encounter-status";

    public static Encounter ToResource(EncounterRow row, FhirCanon canon) => new()
    {
        Id = FhirReferences.Id(row.Id),
        Meta = FhirReferences.Updated(row.DischargedAt ?? row.AdmittedAt),
        Status = row.DischargedAt is null ? Encounter.EncounterStatus.InProgress : Encounter.EncounterStatus.Finished,
        Class = new Coding(FhirSystems.ActCode, "IMP", "inpatient encounter"),
        Subject = FhirReferences.Patient(row.PatientId),
        Period = new Period(new FhirDateTime(row.AdmittedAt), row.DischargedAt is { } end ? new FhirDateTime(end) : null),
        Location =
        [
            Place($"{canon.Base}/sid/ward", row.WardCode, $"Ward {row.WardCode} ({row.WardName})"),
            Place($"{canon.Base}/sid/bed", row.BedCode, $"Bed {row.BedCode}"),
        ],
    };

    // The service keeps no Location resources: the ward and the bed are named by identifier and display.
    private static Encounter.LocationComponent Place(string system, string code, string display) => new()
    {
        Location = new ResourceReference { Identifier = new Identifier(system, code), Display = display },
    };
}
