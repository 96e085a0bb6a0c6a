using Dapper;

namespace Monitoring.Api.Fhir;

public static class FhirSql
{
    /// <summary>
    /// <c>AND column IN (@name0, …)</c> with one parameter per id: Dapper's list expansion would bind the ids
    /// without the provider's GUID handling (SQLite keeps them as text).
    /// </summary>
    public static string In(string column, string name, IReadOnlyList<Guid>? ids, DynamicParameters parameters)
    {
        if (ids is null)
        {
            return "";
        }
        var names = new List<string>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            parameters.Add($"{name}{i}", ids[i]);
            names.Add($"@{name}{i}");
        }
        return $" AND {column} IN ({string.Join(", ", names)})";
    }
}
