using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Monitoring.Api.Fhir;

/// <summary>Searchset bundles: the page's resources with their full URLs, a <c>self</c> link and, when more follow, a <c>next</c> link.</summary>
public static class FhirBundles
{
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FhirOutcomes.PathPrefix}";

    public static Bundle Searchset(HttpRequest request, FhirSearch search, IReadOnlyList<FhirMatch> page, FhirCursor? next)
    {
        var baseUrl = BaseUrl(request);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString("D"),
            Type = Bundle.BundleType.Searchset,
            Timestamp = DateTimeOffset.UtcNow,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = request.GetEncodedUrl() }],
            Entry = [.. page.Select(match => new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{match.Resource.TypeName}/{match.Resource.Id}",
                Resource = match.Resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            })],
        };
        if (next is { } cursor)
        {
            var parameters = search.Given.Append(KeyValuePair.Create(FhirSearch.Cursor, cursor.ToString()))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
            bundle.Link.Add(new Bundle.LinkComponent
            {
                Relation = "next",
                Url = QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", parameters),
            });
        }
        return bundle;
    }
}
