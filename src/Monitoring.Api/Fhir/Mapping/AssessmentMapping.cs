using System.Text.Json;
using Hl7.Fhir.Model;
using Monitoring.Clinical;
using static Monitoring.Api.Fhir.Mapping.FhirReferences;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>
/// An assessment on a withdrawal scale (COWS, CIWA-Ar) as one survey Observation: the total as its value, each
/// item's score a component, all coded under the service's own CodeSystem (no LOINC code for these totals was
/// verified), the band as the interpretation's text.
/// </summary>
public static class AssessmentMapping
{
    public static Observation ToResource(ObservationRow row, FhirCanon canon)
    {
        var scale = AssessmentScales.Find(row.Kind);
        var observation = ObservationBasics.New(row, "", ObservationBasics.Survey,
            Concept(canon.CodeSystem, row.Kind, $"{scale?.Name ?? row.Kind} total score", scale?.Name ?? row.Kind));
        observation.Value = Ucum(row.Total ?? 0, "{score}");
        if (row.Band is { Length: > 0 } band)
        {
            observation.Interpretation = [new CodeableConcept { Text = band }];
        }
        var items = row.Items is { } json ? JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [] : [];
        foreach (var item in scale?.Items.Where(i => items.ContainsKey(i.Name)) ?? [])
        {
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = Concept(canon.CodeSystem, $"{row.Kind}-{item.Name}", item.Label),
                Value = new Integer(items[item.Name]),
            });
        }
        var measurements = row.Measurements is { } measured ? JsonSerializer.Deserialize<Dictionary<string, int>>(measured) ?? [] : [];
        foreach (var (name, value) in measurements)
        {
            var measurement = scale?.Items.Select(i => i.Measurement).FirstOrDefault(m => m?.Name == name);
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = Concept(canon.CodeSystem, $"{row.Kind}-{name}", measurement?.Label ?? name),
                Value = measurement?.Unit == "beats/min" ? Ucum(value, "/min") : new Integer(value),
            });
        }
        return observation;
    }
}
