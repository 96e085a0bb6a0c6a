using Hl7.Fhir.Model;

namespace Monitoring.Api.Fhir;

/// <summary>A resource found by a search, with its place in the search's order and the admission it belongs to (for the audit).</summary>
public sealed record FhirMatch(Resource Resource, FhirKey Key, Guid? AdmissionId);

/// <summary>Up to a page of matches in key order; <paramref name="More"/> when another page follows.</summary>
public sealed record FhirPage(IReadOnlyList<FhirMatch> Matches, bool More);

/// <summary>
/// What a search asks of one resource type, already parsed. Ids that cannot be this service's (not a UUID)
/// match nothing rather than fail: a FHIR id is any 1–64 characters of [A-Za-z0-9-.].
/// </summary>
public sealed record FhirFilter
{
    public IReadOnlyList<string>? Ids { get; init; }
    public IReadOnlyList<string>? Patients { get; init; }
    public IReadOnlyList<string>? Encounters { get; init; }
    public FhirDateBound? Date { get; init; }
    public IReadOnlyList<FhirToken>? Categories { get; init; }
    public IReadOnlyList<FhirToken>? Codes { get; init; }
    public IReadOnlyList<FhirToken>? Identifiers { get; init; }
    public IReadOnlyList<FhirToken>? Statuses { get; init; }

    /// <summary>Bulk export's <c>_since</c>: resources changed at or after it.</summary>
    public DateTimeOffset? Since { get; init; }

    public static FhirFilter From(FhirSearch search) => new()
    {
        Ids = search.Values("_id"),
        Patients = search.References("patient", "Patient"),
        Encounters = search.References("encounter", "Encounter") ?? search.References("context", "Encounter"),
        Date = search.Dates("date") is { } dates ? FhirDateBound.Intersect(dates) : null,
        Categories = search.Tokens("category"),
        Codes = search.Tokens("code"),
        Identifiers = search.Tokens("identifier"),
        Statuses = search.Tokens("status"),
    };

    public static IReadOnlyList<Guid>? Guids(IReadOnlyList<string>? ids) =>
        ids is null ? null : [.. ids.Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).OfType<Guid>().Distinct()];

    /// <summary>A list was given but none of its ids can exist here: the search matches nothing.</summary>
    public static bool NoneCanMatch(IReadOnlyList<Guid>? ids) => ids is { Count: 0 };
}

/// <summary>One resource type read from the chart: a search in key order after a key, and a read by id.</summary>
public interface IFhirSource
{
    string ResourceType { get; }

    /// <summary>The search parameters the type supports besides <see cref="FhirSearch.Common"/>, as the CapabilityStatement lists them.</summary>
    IReadOnlyList<FhirSearchParameter> Parameters { get; }

    Task<FhirPage> SearchAsync(FhirScope scope, FhirFilter filter, FhirKey? after, int count, CancellationToken cancellationToken);
}

public sealed record FhirSearchParameter(string Name, Hl7.Fhir.Model.SearchParamType Type, string Documentation);
