using Hl7.Fhir.Model;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>References, codings and quantities that every mapping writes the same way.</summary>
public static class FhirReferences
{
    public static ResourceReference Patient(Guid id) => new($"Patient/{Id(id)}");

    public static ResourceReference Encounter(Guid id) => new($"Encounter/{Id(id)}");

    /// <summary>Ids as the API writes them: lower-case UUIDs.</summary>
    public static string Id(Guid id) => id.ToString("D");

    public static CodeableConcept Concept(string system, string code, string? display = null, string? text = null) =>
        new() { Coding = [new Coding(system, code, display)], Text = text };

    /// <summary>A UCUM quantity; <paramref name="unit"/> is both the human unit and the UCUM code unless told otherwise.</summary>
    public static Quantity Ucum(decimal value, string unit, string? code = null) =>
        new() { Value = value, Unit = unit, System = FhirSystems.Ucum, Code = code ?? unit };

    public static Meta Updated(DateTimeOffset at, string? profile = null) => new()
    {
        LastUpdated = at,
        Profile = profile is null ? [] : [profile],
    };
}
