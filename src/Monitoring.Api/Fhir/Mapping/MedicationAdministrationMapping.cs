using Hl7.Fhir.Model;
using Monitoring.Clinical;
using static Monitoring.Api.Fhir.Mapping.FhirReferences;

namespace Monitoring.Api.Fhir.Mapping;

public sealed record DoseRow
{
    public Guid Id { get; init; }
    public Guid AdmissionId { get; init; }
    public Guid PatientId { get; init; }
    public string Drug { get; init; } = "";
    public decimal Dose { get; init; }
    public string Unit { get; init; } = "";
    public string Route { get; init; } = "";
    public DateTimeOffset GivenAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string? Reason { get; init; }
    public string? Note { get; init; }
    public string? CorrectionReason { get; init; }
    public DateTimeOffset? CorrectedAt { get; init; }
}

/// <summary>A dose given as a MedicationAdministration: the catalogue's drug, the dose in mg or mcg (UCUM ug), the route.</summary>
public static class MedicationAdministrationMapping
{
    public static MedicationAdministration ToResource(DoseRow row, FhirCanon canon)
    {
        var name = Medications.Find(row.Drug)?.Name ?? row.Drug;
        var resource = new MedicationAdministration
        {
            Id = Id(row.Id),
            Meta = Updated(row.CorrectedAt ?? row.RecordedAt),
            Status = row.CorrectedAt is null ? MedicationAdministration.MedicationAdministrationStatusCodes.Completed
                : MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError,
            Medication = Concept(canon.MedicationCodeSystem, row.Drug, name, name),
            Subject = Patient(row.PatientId),
            Context = Encounter(row.AdmissionId),
            Effective = new FhirDateTime(row.GivenAt),
            Dosage = new MedicationAdministration.DosageComponent
            {
                Route = new CodeableConcept { Text = row.Route },
                Dose = Ucum(row.Dose, row.Unit, row.Unit == "mcg" ? "ug" : row.Unit),
            },
        };
        if (row.Reason is { Length: > 0 } reason)
        {
            resource.ReasonCode = [new CodeableConcept { Text = reason }];
        }
        if (row.Note is { Length: > 0 } note)
        {
            resource.Note.Add(new Annotation { Text = new Markdown(note) });
        }
        if (row.CorrectionReason is { } correction)
        {
            resource.Note.Add(new Annotation { Text = new Markdown($"Entered in error: {correction}") });
        }
        return resource;
    }
}
