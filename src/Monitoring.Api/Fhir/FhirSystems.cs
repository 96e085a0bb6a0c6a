namespace Monitoring.Api.Fhir;

/// <summary>The code systems and identifiers the FHIR interface speaks in.</summary>
public static class FhirSystems
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string FlagCategory = "http://terminology.hl7.org/CodeSystem/flag-category";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    public const string VitalSigns = "vital-signs";
    public const string Survey = "survey";
}

/// <summary>
/// The service's own canonical URLs (configurable base, <c>Monitoring:Fhir:CanonicalBase</c>): one CodeSystem
/// for everything charted that has no verified standard code (COWS, CIWA-Ar and POSS totals and items,
/// ACVPU, air or oxygen, alert codes, medications), the alert priority extension, and the MRN system
/// (<c>Monitoring:Fhir:MrnSystem</c>).
/// </summary>
public sealed class FhirCanon(IConfiguration configuration)
{
    public const string DefaultBase = "https://detox-monitoring.example.org/fhir";

    public string Base { get; } = (configuration["Monitoring:Fhir:CanonicalBase"] ?? DefaultBase).TrimEnd('/');

    public string MrnSystem => configuration["Monitoring:Fhir:MrnSystem"] ?? $"{Base}/sid/mrn";

    /// <summary>Totals, items and states charted here: <c>cows</c>, <c>cows-sweating</c>, <c>poss</c>, <c>acvpu</c>, ….</summary>
    public string CodeSystem => $"{Base}/CodeSystem/monitoring";

    public string AlertCodeSystem => $"{Base}/CodeSystem/alert";

    public string MedicationCodeSystem => $"{Base}/CodeSystem/medication";

    public string PriorityExtension => $"{Base}/StructureDefinition/alert-priority";
}
