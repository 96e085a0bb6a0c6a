using Dapper;
using Monitoring.Api.Data;
using Monitoring.Api.Fhir.Mapping;
using static Hl7.Fhir.Model.SearchParamType;

namespace Monitoring.Api.Fhir.Sources;

/// <summary>Patients: one per MRN with an admission on a visible ward, in id order.</summary>
public sealed class PatientSource(DbSession session, FhirCanon canon) : IFhirSource
{
    private const string Select = """
        SELECT p.id AS Id, p.mrn AS Mrn, a.id AS AdmissionId, a.display_name AS DisplayName, a.date_of_birth AS DateOfBirth, a.admitted_at AS AdmittedAt
        FROM patients p
        JOIN admissions a ON a.mrn = p.mrn
        WHERE 1 = 1
        """;

    // The newest admission of the MRN among those in scope gives the name and birth date.
    private static string NewestInScope(FhirScope scope) =>
        $" AND NOT EXISTS (SELECT 1 FROM admissions b WHERE b.mrn = a.mrn{scope.Filter("b.ward_code")}"
        + " AND (b.admitted_at > a.admitted_at OR (b.admitted_at = a.admitted_at AND b.id > a.id)))";

    public string ResourceType => "Patient";

    public IReadOnlyList<FhirSearchParameter> Parameters { get; } =
    [
        new("_id", Token, "The patient's id (comma-separated for any of several)."),
        new("identifier", Token, "The MRN: 'system|value' or 'value'."),
    ];

    public async Task<FhirPage> SearchAsync(FhirScope scope, FhirFilter filter, FhirKey? after, int count, CancellationToken cancellationToken)
    {
        var ids = FhirFilter.Guids(filter.Ids);
        var mrns = filter.Identifiers?.Where(t => t.Code is not null && (!t.SystemGiven || t.System == canon.MrnSystem)).Select(t => t.Code!).ToList();
        if (FhirFilter.NoneCanMatch(ids) || mrns is { Count: 0 })
        {
            return new FhirPage([], false);
        }
        var parameters = new DynamicParameters(new { scope.Wards, Mrns = mrns, filter.Since, AfterId = after?.Id });
        var where = Select + NewestInScope(scope) + scope.Filter("a.ward_code")
            + FhirSql.In("p.id", "Id", ids, parameters)
            + (mrns is null ? "" : " AND p.mrn IN @Mrns")
            + (filter.Since is null ? "" : " AND a.admitted_at >= @Since")
            + (after is null ? "" : " AND p.id > @AfterId")
            + " ORDER BY p.id";
        var sql = session.Dialect.Top(count + 1, where);
        var rows = await session.QueryAsync<PatientRow>(sql, parameters, cancellationToken);
        var matches = rows.Select(row => new FhirMatch(PatientMapping.ToResource(row, canon), new FhirKey(DateTimeOffset.UnixEpoch, row.Id), row.AdmissionId)).ToList();
        return FhirPages.Of(matches, count);
    }
}
