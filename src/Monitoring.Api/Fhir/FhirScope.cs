using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir;

/// <summary>
/// The wards whose resources a request may see: every ward for managers and admins, the assigned ones for
/// nurses and physicians. Every FHIR query filters on it in SQL, so nothing of another ward can match any
/// parameter; a resource of another ward answers exactly like a missing one.
/// </summary>
public sealed class FhirScope
{
    private FhirScope(IReadOnlyList<string>? wards) => Wards = wards;

    /// <summary>Null: every ward.</summary>
    public IReadOnlyList<string>? Wards { get; }

    public static FhirScope For(CurrentUser user) => new(Roles.SeesAllWards(user.Role) ? null : user.Wards);

    /// <summary>Every ward: only to tell a refusal from a miss for the audit, never to answer.</summary>
    public static FhirScope AllWards { get; } = new(null);

    /// <summary>A bulk export reads the one ward it names.</summary>
    public static FhirScope OfWard(string ward) => new([ward]);

    /// <summary>The SQL condition (starting with AND) that keeps rows of <paramref name="wardColumn"/> in scope; binds <c>@Wards</c>.</summary>
    public string Filter(string wardColumn) => Wards is null ? "" : $" AND {wardColumn} IN @Wards";
}
