using Dapper;
using Monitoring.Api.Data;
using Monitoring.Api.Fhir.Mapping;
using static Hl7.Fhir.Model.SearchParamType;

namespace Monitoring.Api.Fhir.Sources;

/// <summary>MedicationAdministrations: the doses of admissions on visible wards, in (given, id) order.</summary>
public sealed class MedicationAdministrationSource(DbSession session, FhirCanon canon) : IFhirSource
{
    private const string Select = """
        SELECT d.id AS Id, d.admission_id AS AdmissionId, p.id AS PatientId, d.drug AS Drug, d.dose AS Dose, d.unit AS Unit,
               d.route AS Route, d.given_at AS GivenAt, d.recorded_at AS RecordedAt, d.reason AS Reason, d.note AS Note,
               dc.reason AS CorrectionReason, dc.corrected_at AS CorrectedAt
        FROM doses d
        JOIN admissions a ON a.id = d.admission_id
        JOIN patients p ON p.mrn = a.mrn
        LEFT JOIN dose_corrections dc ON dc.dose_id = d.id
        WHERE 1 = 1
        """;

    public string ResourceType => "MedicationAdministration";

    public IReadOnlyList<FhirSearchParameter> Parameters { get; } =
    [
        new("_id", Token, "The administration's id (a dose's id)."),
        new("patient", Reference, "The patient: 'Patient/<id>' or '<id>'."),
        new("context", Reference, "The admission: 'Encounter/<id>' or '<id>'."),
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
            + FhirSql.In("d.id", "Id", ids, parameters)
            + FhirSql.In("p.id", "Patient", patients, parameters)
            + FhirSql.In("d.admission_id", "Encounter", encounters, parameters)
            + (filter.Since is null ? "" : " AND (d.recorded_at >= @Since OR dc.corrected_at >= @Since)")
            + (after is null ? "" : " AND " + session.Dialect.After("d.given_at", "d.id", "@AfterAt", "@AfterId"))
            + " ORDER BY d.given_at, d.id";
        var rows = await session.QueryAsync<DoseRow>(session.Dialect.Top(count + 1, sql),
            parameters, cancellationToken);
        return FhirPages.Of([.. rows.Select(row => new FhirMatch(MedicationAdministrationMapping.ToResource(row, canon), new FhirKey(row.GivenAt, row.Id), row.AdmissionId))], count);
    }
}
