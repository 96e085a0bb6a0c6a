using System.Text.Json;
using Hl7.Fhir.Model;
using static Monitoring.Api.Fhir.Mapping.FhirReferences;

namespace Monitoring.Api.Fhir.Mapping;

/// <summary>
/// A charted vitals set as Observations: each vital sign under its R4 vital-signs profile (LOINC, UCUM), ACVPU
/// and air or oxygen of their own, all members of a vital-signs panel (85353-1) whose id is the set's; then the
/// NEWS2 total (SNOMED CT 1104051000000101) and POSS, derived from the set. Members keep a fixed number, the
/// order of a set's Observations in every search.
/// </summary>
public static class VitalsMapping
{
    private const string Profiles = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>Member number -> id suffix; the panel is member 0 with no suffix.</summary>
    public static readonly IReadOnlyList<string> Suffixes = ["", "rr", "hr", "spo2", "bp", "temp", "acvpu", "o2", "poss", "news2"];

    private const int FirstDerived = 8;

    public static IReadOnlyList<(int Member, Observation Resource)> ToResources(ObservationRow row, FhirCanon canon)
    {
        var members = new List<(int, Observation)>();
        void Add(int member, Observation? observation)
        {
            if (observation is not null)
            {
                members.Add((member, observation));
            }
        }
        Add(1, row.RespiratoryRate is { } rr ? Vital(row, 1, "resprate", "9279-1", "Respiratory rate", Ucum(rr, "/min")) : null);
        Add(2, row.HeartRate is { } hr ? Vital(row, 2, "heartrate", "8867-4", "Heart rate", Ucum(hr, "/min")) : null);
        Add(3, row.Spo2 is { } spo2 ? OxygenSaturation(row, spo2) : null);
        Add(4, row.SystolicBp is not null || row.DiastolicBp is not null ? BloodPressure(row) : null);
        Add(5, row.TemperatureC is { } temperature ? Vital(row, 5, "bodytemp", "8310-5", "Body temperature", Ucum(temperature, "Cel")) : null);
        Add(6, row.Consciousness is { } acvpu ? Consciousness(row, acvpu, canon) : null);
        Add(7, row.OnOxygen is { } onOxygen ? AirOrOxygen(row, onOxygen, canon) : null);
        var panel = Panel(row, members.Select(m => m.Item2));
        Add(8, row.Sedation is { } poss ? Poss(row, poss, panel, canon) : null);
        Add(9, row.News2Total is { } total ? News2(row, total, panel, canon) : null);
        return [(0, panel), .. members];
    }

    public static int? MemberOf(string suffix)
    {
        var index = Suffixes.ToList().IndexOf(suffix);
        return index < 0 ? null : index;
    }

    private static Observation Vital(ObservationRow row, int member, string profile, string loinc, string display, Quantity value)
    {
        var observation = ObservationBasics.New(row, Suffixes[member], ObservationBasics.VitalSigns, Concept(FhirSystems.Loinc, loinc, display, display), Profiles + profile);
        observation.Value = value;
        return observation;
    }

    private static Observation OxygenSaturation(ObservationRow row, int spo2)
    {
        var observation = Vital(row, 3, "oxygensat", "2708-6", "Oxygen saturation in Arterial blood", Ucum(spo2, "%"));
        observation.Code.Coding.Add(new Coding(FhirSystems.Loinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"));
        observation.Code.Text = "SpO2";
        return observation;
    }

    private static Observation BloodPressure(ObservationRow row)
    {
        var observation = ObservationBasics.New(row, Suffixes[4], ObservationBasics.VitalSigns,
            Concept(FhirSystems.Loinc, "85354-9", "Blood pressure panel with all children optional", "Blood pressure"), Profiles + "bp");
        observation.Component =
        [
            Pressure("8480-6", "Systolic blood pressure", row.SystolicBp),
            Pressure("8462-4", "Diastolic blood pressure", row.DiastolicBp),
        ];
        return observation;
    }

    // The bp profile wants both components: one not charted says so instead of a value.
    private static Observation.ComponentComponent Pressure(string loinc, string display, int? mmHg) => new()
    {
        Code = Concept(FhirSystems.Loinc, loinc, display),
        Value = mmHg is { } value ? Ucum(value, "mmHg", "mm[Hg]") : null,
        DataAbsentReason = mmHg is null ? Concept(FhirSystems.DataAbsentReason, "not-performed", "Not Performed") : null,
    };

    private static Observation Consciousness(ObservationRow row, string acvpu, FhirCanon canon)
    {
        var observation = ObservationBasics.New(row, Suffixes[6], ObservationBasics.VitalSigns,
            Concept(canon.CodeSystem, "acvpu", "Level of consciousness (ACVPU)", "Consciousness (ACVPU)"));
        var words = acvpu switch
        {
            "A" => "Alert",
            "C" => "New confusion",
            "V" => "Responds to voice",
            "P" => "Responds to pain",
            "U" => "Unresponsive",
            _ => acvpu,
        };
        observation.Value = Concept(canon.CodeSystem, $"acvpu-{acvpu}", words, words);
        return observation;
    }

    private static Observation AirOrOxygen(ObservationRow row, bool onOxygen, FhirCanon canon)
    {
        var observation = ObservationBasics.New(row, Suffixes[7], ObservationBasics.VitalSigns,
            Concept(canon.CodeSystem, "air-or-oxygen", "Breathing air or supplemental oxygen", "Air or oxygen"));
        observation.Value = onOxygen
            ? Concept(canon.CodeSystem, "oxygen", "Supplemental oxygen", "Supplemental oxygen")
            : Concept(canon.CodeSystem, "air", "Room air", "Room air");
        if (row.OxygenDevice is { Length: > 0 } device)
        {
            observation.Component.Add(new Observation.ComponentComponent { Code = Concept(canon.CodeSystem, "oxygen-device", "Oxygen delivery device"), Value = new FhirString(device) });
        }
        if (row.OxygenFlowLpm is { } flow)
        {
            observation.Component.Add(new Observation.ComponentComponent { Code = Concept(canon.CodeSystem, "oxygen-flow", "Oxygen flow rate"), Value = Ucum(flow, "L/min") });
        }
        return observation;
    }

    private static Observation Panel(ObservationRow row, IEnumerable<Observation> members)
    {
        var references = members.Select(m => new ResourceReference($"Observation/{m.Id}")).ToList();
        // The panel profile asks for at least one member; a set with none of them (POSS alone) is a plain panel.
        var observation = ObservationBasics.New(row, "", ObservationBasics.VitalSigns,
            Concept(FhirSystems.Loinc, "85353-1", "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel", "Vital signs"),
            references.Count > 0 ? Profiles + "vitalspanel" : null);
        observation.HasMember = references;
        if (references.Count == 0)
        {
            observation.DataAbsentReason = Concept(FhirSystems.DataAbsentReason, "not-performed", "Not Performed");
        }
        return observation;
    }

    private static Observation Poss(ObservationRow row, string level, Observation panel, FhirCanon canon)
    {
        var observation = ObservationBasics.New(row, Suffixes[FirstDerived], ObservationBasics.Survey,
            Concept(canon.CodeSystem, "poss", "Pasero Opioid-induced Sedation Scale (POSS)", "POSS"));
        var words = level switch
        {
            "S" => "Asleep, easy to arouse",
            "1" => "Awake and alert",
            "2" => "Slightly drowsy, easily aroused",
            "3" => "Frequently drowsy, arousable, drifts off to sleep during conversation",
            "4" => "Somnolent, minimal or no response to verbal or physical stimulation",
            _ => level,
        };
        observation.Value = Concept(canon.CodeSystem, $"poss-{level}", words, $"POSS {level}: {words}");
        observation.DerivedFrom = [new ResourceReference($"Observation/{panel.Id}")];
        return observation;
    }

    private static Observation News2(ObservationRow row, int total, Observation panel, FhirCanon canon)
    {
        var observation = ObservationBasics.New(row, Suffixes[9], ObservationBasics.Survey,
            Concept(FhirSystems.Snomed, "1104051000000101", "Royal College of Physicians National Early Warning Score 2 (NEWS2) total score", "NEWS2"));
        observation.Value = Ucum(total, "{score}");
        observation.DerivedFrom = [new ResourceReference($"Observation/{panel.Id}")];
        var parameters = row.News2Parameters is { } json ? JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [] : [];
        foreach (var (parameter, score) in parameters)
        {
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = Concept(canon.CodeSystem, $"news2-{parameter}", $"NEWS2 score of {parameter}"),
                Value = new Integer(score),
            });
        }
        return observation;
    }
}
