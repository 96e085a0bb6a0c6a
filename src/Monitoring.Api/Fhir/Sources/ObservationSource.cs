using Dapper;
using Hl7.Fhir.Model;
using Monitoring.Api.Data;
using Monitoring.Api.Fhir.Mapping;
using Monitoring.Clinical;
using static Hl7.Fhir.Model.SearchParamType;

namespace Monitoring.Api.Fhir.Sources;

/// <summary>
/// Observations: each charted row (a vitals set, an assessment) expands into its Observations, in (observed, row
/// id, member) order. Patient, encounter, date and ward narrow the rows in SQL; category and code pick members.
/// </summary>
public sealed class ObservationSource(DbSession session, FhirCanon canon) : IFhirSource
{
    private const string Select = """
        SELECT o.id AS Id, o.admission_id AS AdmissionId, p.id AS PatientId, o.kind AS Kind, o.observed_at AS ObservedAt,
               o.recorded_at AS RecordedAt, o.note AS Note, c.reason AS CorrectionReason, c.corrected_at AS CorrectedAt,
               v.respiratory_rate AS RespiratoryRate, v.spo2 AS Spo2, v.on_oxygen AS OnOxygen, v.systolic_bp AS SystolicBp,
               v.diastolic_bp AS DiastolicBp, v.heart_rate AS HeartRate, v.temperature_c AS TemperatureC,
               v.consciousness AS Consciousness, v.sedation AS Sedation, v.news2_total AS News2Total,
               v.news2_parameters AS News2Parameters, v.oxygen_device AS OxygenDevice, v.oxygen_flow_lpm AS OxygenFlowLpm,
               s.total AS Total, s.band AS Band, s.items AS Items, s.measurements AS Measurements
        FROM observations o
        JOIN admissions a ON a.id = o.admission_id
        JOIN patients p ON p.mrn = a.mrn
        LEFT JOIN vital_signs v ON v.observation_id = o.id
        LEFT JOIN assessments s ON s.observation_id = o.id
        LEFT JOIN observation_corrections c ON c.observation_id = o.id
        WHERE 1 = 1
        """;

    private const string VitalsKind = "vitals";

    public string ResourceType => "Observation";

    public IReadOnlyList<FhirSearchParameter> Parameters { get; } =
    [
        new("_id", Token, "The observation's id: a charted row's id, with a member's suffix for a vitals set's parts ('<id>-rr')."),
        new("patient", Reference, "The patient: 'Patient/<id>' or '<id>'."),
        new("encounter", Reference, "The admission: 'Encounter/<id>' or '<id>'."),
        new("category", Token, "vital-signs or survey (system http://terminology.hl7.org/CodeSystem/observation-category)."),
        new("code", Token, "'system|code' (LOINC, SNOMED CT or the service's CodeSystem) or 'code'."),
        new("date", SearchParamType.Date, "When observed; prefixes eq (default), ge, gt, le, lt; repeat to AND (a range)."),
    ];

    public async Task<FhirPage> SearchAsync(FhirScope scope, FhirFilter filter, FhirKey? after, int count, CancellationToken cancellationToken)
    {
        var patients = FhirFilter.Guids(filter.Patients);
        var encounters = FhirFilter.Guids(filter.Encounters);
        var wanted = filter.Ids is null ? null : WantedMembers(filter.Ids);
        var kinds = KindsFor(filter);
        if (FhirFilter.NoneCanMatch(patients) || FhirFilter.NoneCanMatch(encounters) || wanted is { Count: 0 } || kinds is { Count: 0 })
        {
            return new FhirPage([], false);
        }
        var ids = new DynamicParameters();
        var where = Select + scope.Filter("a.ward_code")
            + FhirSql.In("o.id", "Row", wanted?.Keys.ToList(), ids)
            + FhirSql.In("p.id", "Patient", patients, ids)
            + FhirSql.In("o.admission_id", "Encounter", encounters, ids)
            + (kinds is null ? "" : " AND o.kind IN @Kinds")
            + (filter.Date?.From is null ? "" : " AND o.observed_at >= @From")
            + (filter.Date?.Before is null ? "" : " AND o.observed_at < @Before")
            + (filter.Since is null ? "" : " AND (o.recorded_at >= @Since OR c.corrected_at >= @Since)");
        DynamicParameters Parameters(FhirKey? key, Guid? rowId)
        {
            var parameters = new DynamicParameters(new { scope.Wards, Kinds = kinds, filter.Date?.From, filter.Date?.Before, filter.Since });
            parameters.AddDynamicParams(ids);
            parameters.AddDynamicParams(new { AfterAt = key?.At, AfterId = key?.Id, RowId = rowId });
            return parameters;
        }

        var matches = new List<FhirMatch>();
        // The row the previous page stopped inside: its later members come first.
        if (after is { } stop)
        {
            AddMembers(await session.QueryAsync<ObservationRow>(where + " AND o.id = @RowId", Parameters(null, stop.Id), cancellationToken),
                filter, wanted, matches, after: stop.Member);
        }
        var last = after;
        while (matches.Count <= count)
        {
            // A vitals set is up to ten Observations: read about as many rows as the page still needs, not ten times more.
            var rows = Math.Max(1, (count + 1 - matches.Count) / (filter.Codes is null && filter.Categories is null ? VitalsMapping.Suffixes.Count : 1));
            var sql = session.Dialect.Top(rows, where
                + (last is null ? "" : " AND " + session.Dialect.After("o.observed_at", "o.id", "@AfterAt", "@AfterId"))
                + " ORDER BY o.observed_at, o.id");
            var read = await session.QueryAsync<ObservationRow>(sql, Parameters(last, null), cancellationToken);
            AddMembers(read, filter, wanted, matches, after: -1);
            if (read.Count < rows)
            {
                break;
            }
            last = new FhirKey(read[^1].ObservedAt, read[^1].Id);
        }
        return FhirPages.Of(matches, count);
    }

    private void AddMembers(IEnumerable<ObservationRow> rows, FhirFilter filter, Dictionary<Guid, HashSet<int>>? wanted, List<FhirMatch> matches, int after)
    {
        foreach (var row in rows)
        {
            foreach (var (member, observation) in Expand(row))
            {
                if (member > after && (wanted is null || wanted[row.Id].Contains(member)) && Matches(observation, filter))
                {
                    matches.Add(new FhirMatch(observation, new FhirKey(row.ObservedAt, row.Id, member), row.AdmissionId));
                }
            }
        }
    }

    private IReadOnlyList<(int Member, Observation Resource)> Expand(ObservationRow row) =>
        row.Kind == VitalsKind ? VitalsMapping.ToResources(row, canon) : [(0, AssessmentMapping.ToResource(row, canon))];

    private static bool Matches(Observation observation, FhirFilter filter) =>
        (filter.Categories is null || filter.Categories.Any(t => observation.Category.Any(c => c.Coding.Any(coding => t.Matches(coding.System, coding.Code)))))
        && (filter.Codes is null || filter.Codes.Any(t => observation.Code.Coding.Any(coding => t.Matches(coding.System, coding.Code))));

    /// <summary>Observation ids are a row's id, or the row's id and a member's suffix: <c>{id}-rr</c>.</summary>
    private static Dictionary<Guid, HashSet<int>> WantedMembers(IReadOnlyList<string> ids)
    {
        var wanted = new Dictionary<Guid, HashSet<int>>();
        foreach (var id in ids)
        {
            var suffix = id.Length > 37 && id[36] == '-' ? id[37..] : id.Length == 36 ? "" : null;
            if (suffix is not null && Guid.TryParse(id.AsSpan(0, 36), out var rowId) && VitalsMapping.MemberOf(suffix) is { } member)
            {
                (wanted.TryGetValue(rowId, out var members) ? members : wanted[rowId] = []).Add(member);
            }
        }
        return wanted;
    }

    /// <summary>The kinds of row that could hold a member matching the category and code: a superset, never fewer.</summary>
    private List<string>? KindsFor(FhirFilter filter)
    {
        var all = AssessmentScales.All.Select(s => s.Kind).Prepend(VitalsKind).ToList();
        IEnumerable<string> kinds = all;
        if (filter.Categories is { } categories)
        {
            kinds = kinds.Where(kind => categories.Any(t =>
                t.Matches(FhirSystems.ObservationCategory, FhirSystems.Survey) || (kind == VitalsKind && t.Matches(FhirSystems.ObservationCategory, FhirSystems.VitalSigns))));
        }
        if (filter.Codes is { } codes)
        {
            var scales = all.Skip(1).ToHashSet();
            kinds = kinds.Where(kind => kind == VitalsKind
                ? codes.Any(t => t.Code is null || !scales.Contains(t.Code))
                : codes.Any(t => t.Code is null || (t.Code == kind && (!t.SystemGiven || t.System == canon.CodeSystem))));
        }
        var result = kinds.ToList();
        return result.Count == all.Count ? null : result;
    }
}
