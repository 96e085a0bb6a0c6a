using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Fhir;

/// <summary><c>GET /fhir/{type}/{id}</c>: one resource, 404 when missing or on a ward the caller cannot see (the same answer).</summary>
public static partial class ReadResource
{
    public sealed record Query(string ResourceType, string Id) : IQuery<Resource>;

    public sealed class Handler(FhirSources sources, FhirScope scope, FhirAudit audit, IHttpContextAccessor accessor) : IQueryHandler<Query, Resource>
    {
        public async ValueTask<Resource> Handle(Query query, CancellationToken cancellationToken)
        {
            var source = sources.Get(query.ResourceType);
            var notFound = $"{query.ResourceType}/{query.Id} is not known.";
            if (!IdPattern().IsMatch(query.Id))
            {
                throw new NotFoundException(notFound);
            }
            var page = await source.SearchAsync(scope, new FhirFilter { Ids = [query.Id] }, null, 1, cancellationToken);
            if (page.Matches.SingleOrDefault() is not { } match)
            {
                // Another ward's resource answers like a missing one; the refusal is audited once the request ends.
                if (scope.Wards is not null && (await source.SearchAsync(FhirScope.AllWards, new FhirFilter { Ids = [query.Id] }, null, 1, cancellationToken)).Matches is [var hidden])
                {
                    RefusalAudit.Note(accessor.HttpContext, "refused.other-ward", hidden.AdmissionId, $"fhir/{query.ResourceType}/{query.Id}");
                }
                throw new NotFoundException(notFound);
            }
            await audit.RecordAsync("fhir.read", $"fhir/{query.ResourceType}/{query.Id}", [match], cancellationToken);
            return match.Resource;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9\\-.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
