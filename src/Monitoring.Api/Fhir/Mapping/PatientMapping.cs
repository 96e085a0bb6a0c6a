using Hl7.Fhir.Model;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>A patient as the newest visible admission of their MRN knows them.</summary>
public sealed record PatientRow
{
    public Guid Id { get; init; }
    public string Mrn { get; init; } = "";
    public Guid AdmissionId { get; init; }
    public string DisplayName { get; init; } = "";
    public DateOnly DateOfBirth { get; init; }
    public DateTimeOffset AdmittedAt { get; init; }
}

public static class PatientMapping
{
    public static Patient ToResource(PatientRow row, FhirCanon canon) => new()
    {
        Id = FhirReferences.Id(row.Id),
        Meta = FhirReferences.Updated(row.AdmittedAt),
        Identifier = [new Identifier(canon.MrnSystem, row.Mrn) { Use = Identifier.IdentifierUse.Usual, Type = FhirReferences.Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number") }],
        // The chart keeps one display name ("Alex K."), not its parts.
        Name = [new HumanName { Text = row.DisplayName }],
        BirthDate = row.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
