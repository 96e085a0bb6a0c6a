using Hl7.Fhir.Model;
using Mediator;

namespace Monitoring.Api.Fhir;

/// <summary><c>GET /fhir/{type}?…</c>: a searchset page in the type's key order, the next page behind an opaque cursor.</summary>
public static class SearchResources
{
    public sealed record Query(string ResourceType, HttpRequest Request) : IQuery<Bundle>;

    public sealed class Handler(FhirSources sources, FhirScope scope, FhirAudit audit) : IQueryHandler<Query, Bundle>
    {
        public async ValueTask<Bundle> Handle(Query query, CancellationToken cancellationToken)
        {
            var source = sources.Get(query.ResourceType);
            var search = FhirSearch.Parse(query.Request.Query, [.. source.Parameters.Select(p => p.Name)], source.ResourceType);
            var page = await source.SearchAsync(scope, FhirFilter.From(search), search.After?.Key, search.PageSize, cancellationToken);
            await audit.RecordAsync("fhir.search", $"fhir/{query.ResourceType}{query.Request.QueryString}", page.Matches, cancellationToken);
            var next = page.More ? new FhirCursor(0, page.Matches[^1].Key.At, page.Matches[^1].Key.Id, page.Matches[^1].Key.Member) : (FhirCursor?)null;
            return FhirBundles.Searchset(query.Request, search, page.Matches, next);
        }
    }
}
