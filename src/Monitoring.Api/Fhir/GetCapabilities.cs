using Hl7.Fhir.Model;
using Mediator;

namespace Monitoring.Api.Fhir;

/// <summary><c>GET /fhir/metadata</c>: exactly what this interface implements, built from the sources themselves.</summary>
public static class GetCapabilities
{
    public sealed record Query(string BaseUrl) : IQuery<CapabilityStatement>;

    public sealed class Handler(FhirSources sources, IEnumerable<IFhirOperation> operations) : IQueryHandler<Query, CapabilityStatement>
    {
        public ValueTask<CapabilityStatement> Handle(Query query, CancellationToken cancellationToken) => ValueTask.FromResult(new CapabilityStatement
        {
            Name = "DetoxMonitoring",
            Status = PublicationStatus.Active,
            Date = "2026-01-01",
            Publisher = "Detox unit withdrawal monitoring",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Detox unit withdrawal monitoring" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "The ward's chart, read-only, over FHIR R4", Url = query.BaseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", FhirJson.MediaType],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Read and search only (plus bulk export where listed). Searches are strict: an unknown parameter, a modifier, "
                        + "a chained parameter or a malformed value is a 400 OperationOutcome. Chaining, reverse chaining, _include, _revinclude, "
                        + "_sort, _summary and _elements are not supported. Commas OR a parameter's values; only date may repeat (AND). "
                        + "Pages: _count (default 50, at most 1000) and the bundle's next link (an opaque _cursor). "
                        + "_format is accepted for JSON only (json, application/fhir+json).",
                    Security = new CapabilityStatement.SecurityComponent
                    {
                        Description = "Bearer tokens from POST /api/auth/token, the same roles and ward scope as /api: "
                            + "a resource on a ward the caller may not see answers 404, as a missing one does.",
                    },
                    Resource = [.. sources.All.Select(source => Resource(source, operations.Where(o => o.ResourceType == source.ResourceType)))
                        .Concat(operations.Where(o => sources.All.All(s => s.ResourceType != o.ResourceType)).GroupBy(o => o.ResourceType)
                            .Select(group => OperationsOnly(group.Key, group)))],
                },
            ],
        });

        private static CapabilityStatement.ResourceComponent Resource(IFhirSource source, IEnumerable<IFhirOperation> operations) => new()
        {
            Type = source.ResourceType,
            Interaction =
            [
                new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
            ],
            Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
            ReadHistory = false,
            UpdateCreate = false,
            SearchInclude = [],
            SearchRevInclude = [],
            SearchParam = [.. source.Parameters.Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type, Documentation = p.Documentation })
                .Append(new CapabilityStatement.SearchParamComponent { Name = FhirSearch.Count, Type = SearchParamType.Number, Documentation = "Page size: 1 to 1000, default 50." })],
            Operation = [.. operations.Select(Operation)],
        };

        private static CapabilityStatement.ResourceComponent OperationsOnly(string type, IEnumerable<IFhirOperation> operations) => new()
        {
            Type = type,
            Operation = [.. operations.Select(Operation)],
        };

        private static CapabilityStatement.OperationComponent Operation(IFhirOperation operation) => new()
        {
            Name = operation.Name,
            Definition = operation.Definition,
            Documentation = operation.Documentation,
        };
    }
}

/// <summary>An operation the interface serves, listed in the CapabilityStatement under its resource type.</summary>
public interface IFhirOperation
{
    string ResourceType { get; }
    string Name { get; }
    string Definition { get; }
    string Documentation { get; }
}

public sealed class EverythingOperation : IFhirOperation
{
    public string ResourceType => "Patient";
    public string Name => "everything";
    public string Definition => "http://hl7.org/fhir/OperationDefinition/Patient-everything";
    public string Documentation => "The patient, their encounters, observations, medication administrations and flags on the wards you may see; paged with _count.";
}
