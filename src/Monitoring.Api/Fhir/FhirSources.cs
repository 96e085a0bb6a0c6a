using Monitoring.Api.Fhir.Sources;

namespace Monitoring.Api.Fhir;

/// <summary>Every resource type the interface serves, by name, in the order <c>$everything</c> and export list them.</summary>
public sealed class FhirSources(PatientSource patients, EncounterSource encounters, ObservationSource observations,
    MedicationAdministrationSource administrations, FlagSource flags)
{
    public IReadOnlyList<IFhirSource> All { get; } = [patients, encounters, observations, administrations, flags];

    public IFhirSource Get(string resourceType) =>
        All.FirstOrDefault(source => source.ResourceType == resourceType)
        ?? throw new Errors.NotFoundException($"Resource type {resourceType} is not served here.");
}
