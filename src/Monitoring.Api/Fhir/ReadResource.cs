using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Mediator;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Fhir;

/// <summary><c>GET /fhir/{type}/{id}</c>: one resource, 404 when missing or on a ward the caller cannot see (the same answer).</summary>
public static partial class ReadResource
{
    public sealed record Query(string ResourceType, string Id) : IQuery<Resource>;

    public sealed class Handler(FhirSources sources, FhirScope scope, FhirAudit audit) : IQueryHandler<Query, Resource>
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
            var match = page.Matches.SingleOrDefault() ?? throw new NotFoundException(notFound);
            await audit.RecordAsync("fhir.read", $"fhir/{query.ResourceType}/{query.Id}", [match], cancellationToken);
            return match.Resource;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9\\-.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
