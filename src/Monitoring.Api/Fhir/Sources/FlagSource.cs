using Dapper;
using Monitoring.Api.Data;
using Monitoring.Api.Fhir.Mapping;
using static Hl7.Fhir.Model.SearchParamType;

namespace Monitoring.Api.Fhir.Sources;

/// <summary>Flags: the alerts of admissions on visible wards, in (raised, id) order.</summary>
public sealed class FlagSource(DbSession session, FhirCanon canon) : IFhirSource
{
    private const string Select = """
        SELECT al.id AS Id, al.admission_id AS AdmissionId, p.id AS PatientId, al.code AS Code, al.priority AS Priority,
               al.status AS Status, al.reason AS Reason, al.raised_at AS RaisedAt, al.acknowledged_at AS AcknowledgedAt,
               al.resolved_at AS ResolvedAt, al.escalated_at AS EscalatedAt
        FROM alerts al
        JOIN admissions a ON a.id = al.admission_id
        JOIN patients p ON p.mrn = a.mrn
        WHERE 1 = 1
        """;

    public string ResourceType => "Flag";

    public IReadOnlyList<FhirSearchParameter> Parameters { get; } =
    [
        new("_id", Token, "The flag's id (an alert's id)."),
        new("patient", Reference, "The patient: 'Patient/<id>' or '<id>'."),
        new("encounter", Reference, "The admission: 'Encounter/<id>' or '<id>'."),
    ];

    public async Task<FhirPage> SearchAsync(FhirScope scope, FhirFilter filter, FhirKey? after, int count, CancellationToken cancellationToken)
    {
        var ids = FhirFilter.Guids(filter.Ids);
        var patients = FhirFilter.Guids(filter.Patients);
        var encounters = FhirFilter.Guids(filter.Encounters);
        if (FhirFilter.NoneCanMatch(ids) || FhirFilter.NoneCanMatch(patients) || FhirFilter.NoneCanMatch(encounters))
        {
            return new FhirPage([], false);
        }
        var parameters = new DynamicParameters(new { scope.Wards, filter.Since, AfterAt = after?.At, AfterId = after?.Id });
        var sql = Select + scope.Filter("a.ward_code")
            + FhirSql.In("al.id", "Id", ids, parameters)
            + FhirSql.In("p.id", "Patient", patients, parameters)
            + FhirSql.In("al.admission_id", "Encounter", encounters, parameters)
            + (filter.Since is null ? "" : " AND (al.raised_at >= @Since OR al.acknowledged_at >= @Since OR al.resolved_at >= @Since OR al.escalated_at >= @Since)")
            + (after is null ? "" : " AND " + session.Dialect.After("al.raised_at", "al.id", "@AfterAt", "@AfterId"))
            + " ORDER BY al.raised_at, al.id";
        var rows = await session.QueryAsync<AlertRow>(session.Dialect.Top(count + 1, sql),
            parameters, cancellationToken);
        return FhirPages.Of([.. rows.Select(row => new FhirMatch(FlagMapping.ToResource(row, canon), new FhirKey(row.RaisedAt, row.Id), row.AdmissionId))], count);
    }
}
