using Hl7.Fhir.Model;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>What every Observation made from a charted row shares: status, subject, encounter, times, note.</summary>
public static class ObservationBasics
{
    public static readonly CodeableConcept VitalSigns = FhirReferences.Concept(FhirSystems.ObservationCategory, FhirSystems.VitalSigns, "Vital Signs");
    public static readonly CodeableConcept Survey = FhirReferences.Concept(FhirSystems.ObservationCategory, FhirSystems.Survey, "Survey");

    /// <summary>A charted set's members share its id with a suffix: <c>{id}-rr</c>; the set (or the assessment) is <c>{id}</c>.</summary>
    public static string Id(Guid rowId, string suffix) => suffix.Length == 0 ? FhirReferences.Id(rowId) : $"{FhirReferences.Id(rowId)}-{suffix}";

    public static Observation New(ObservationRow row, string suffix, CodeableConcept category, CodeableConcept code, string? profile = null)
    {
        var observation = new Observation
        {
            Id = Id(row.Id, suffix),
            Meta = FhirReferences.Updated(row.LastUpdated, profile),
            Status = row.EnteredInError ? ObservationStatus.EnteredInError : ObservationStatus.Final,
            Category = [category],
            Code = code,
            Subject = FhirReferences.Patient(row.PatientId),
            Encounter = FhirReferences.Encounter(row.AdmissionId),
            Effective = new FhirDateTime(row.ObservedAt),
            Issued = row.RecordedAt,
        };
        if (row.Note is { Length: > 0 } note)
        {
            observation.Note.Add(new Annotation { Text = new Markdown(note) });
        }
        if (row.CorrectionReason is { } reason)
        {
            observation.Note.Add(new Annotation { Text = new Markdown($"Entered in error: {reason}"), Time = row.CorrectedAt?.ToString("o", System.Globalization.CultureInfo.InvariantCulture) });
        }
        return observation;
    }
}
