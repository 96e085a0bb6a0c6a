using Dapper;
using Monitoring.Api.Data;
using Monitoring.Api.Fhir.Mapping;
using static Hl7.Fhir.Model.SearchParamType;

namespace Monitoring.Api.Fhir.Sources;

/// <summary>Encounters: one per admission on a visible ward, in (admitted, id) order.</summary>
public sealed class EncounterSource(DbSession session, FhirCanon canon) : IFhirSource
{
    private const string Select = """
        SELECT a.id AS Id, p.id AS PatientId, a.ward_code AS WardCode, w.name AS WardName, a.bed_code AS BedCode,
               a.admitted_at AS AdmittedAt, a.discharged_at AS DischargedAt
        FROM admissions a
        JOIN patients p ON p.mrn = a.mrn
        JOIN wards w ON w.code = a.ward_code
        WHERE 1 = 1
        """;

    public string ResourceType => "Encounter";

    public IReadOnlyList<FhirSearchParameter> Parameters { get; } =
    [
        new("_id", Token, "The encounter's id (an admission's id)."),
        new("patient", Reference, "The patient: 'Patient/<id>' or '<id>'."),
        new("status", Token, "in-progress (on the ward) or finished (discharged)."),
    ];

    public async Task<FhirPage> SearchAsync(FhirScope scope, FhirFilter filter, FhirKey? after, int count, CancellationToken cancellationToken)
    {
        var ids = FhirFilter.Guids(filter.Ids);
        var patients = FhirFilter.Guids(filter.Patients);
        var statuses = filter.Statuses?.Where(t => !t.SystemGiven || t.System == EncounterMapping.StatusSystem).Select(t => t.Code).ToList();
        var open = statuses is null || statuses.Contains(null) || statuses.Contains("in-progress");
        var finished = statuses is null || statuses.Contains(null) || statuses.Contains("finished");
        if (FhirFilter.NoneCanMatch(ids) || FhirFilter.NoneCanMatch(patients) || (!open && !finished))
        {
            return new FhirPage([], false);
        }
        var parameters = new DynamicParameters(new { scope.Wards, filter.Since, AfterAt = after?.At, AfterId = after?.Id });
        var sql = Select + scope.Filter("a.ward_code")
            + FhirSql.In("a.id", "Id", ids, parameters)
            + FhirSql.In("p.id", "Patient", patients, parameters)
            + (open && finished ? "" : open ? " AND a.discharged_at IS NULL" : " AND a.discharged_at IS NOT NULL")
            + (filter.Since is null ? "" : " AND (a.admitted_at >= @Since OR a.discharged_at >= @Since)")
            + (after is null ? "" : " AND " + session.Dialect.After("a.admitted_at", "a.id", "@AfterAt", "@AfterId"))
            + " ORDER BY a.admitted_at, a.id";
        var rows = await session.QueryAsync<EncounterRow>(session.Dialect.Top(count + 1, sql),
            parameters, cancellationToken);
        return FhirPages.Of([.. rows.Select(row => new FhirMatch(EncounterMapping.ToResource(row, canon), new FhirKey(row.AdmittedAt, row.Id), row.Id))], count);
    }
}
