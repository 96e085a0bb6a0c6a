using Hl7.Fhir.Model;
using Mediator;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Fhir;

/// <summary>
/// <c>GET /fhir/Patient/{id}/$everything</c>: the patient, their encounters, observations, administrations and
/// flags on visible wards, one type after another, paged like a search (the cursor names the type reached).
/// </summary>
public static class GetEverything
{
    public sealed record Query(string PatientId, HttpRequest Request) : IQuery<Bundle>;

    public sealed class Handler(FhirSources sources, FhirScope scope, FhirAudit audit) : IQueryHandler<Query, Bundle>
    {
        public async ValueTask<Bundle> Handle(Query query, CancellationToken cancellationToken)
        {
            var search = FhirSearch.Parse(query.Request.Query, [], "Patient/$everything");
            var patient = await sources.Get("Patient").SearchAsync(scope, new FhirFilter { Ids = [query.PatientId] }, null, 1, cancellationToken);
            if (patient.Matches.Count == 0)
            {
                throw new NotFoundException($"Patient/{query.PatientId} is not known.");
            }
            var after = search.After;
            var matches = new List<(int Section, FhirMatch Match)>();
            for (var section = after?.Section ?? 0; section < sources.All.Count && matches.Count <= search.PageSize; section++)
            {
                var filter = section == 0 ? new FhirFilter { Ids = [query.PatientId] } : new FhirFilter { Patients = [query.PatientId] };
                var key = after is { } cursor && cursor.Section == section ? cursor.Key : (FhirKey?)null;
                var page = await sources.All[section].SearchAsync(scope, filter, key, search.PageSize + 1 - matches.Count, cancellationToken);
                matches.AddRange(page.Matches.Select(match => (section, match)));
            }
            var more = matches.Count > search.PageSize;
            var kept = matches.Take(search.PageSize).ToList();
            await audit.RecordAsync("fhir.everything", $"fhir/Patient/{query.PatientId}/$everything{query.Request.QueryString}", kept.Select(m => m.Match), cancellationToken);
            var last = kept.Count > 0 ? kept[^1] : default;
            FhirCursor? next = more ? new FhirCursor(last.Section, last.Match.Key.At, last.Match.Key.Id, last.Match.Key.Member) : null;
            return FhirBundles.Searchset(query.Request, search, [.. kept.Select(m => m.Match)], next);
        }
    }
}
