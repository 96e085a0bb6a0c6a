using System.Text.Json;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Board;

/// <summary>What a tile flags, scored by the service: the set's NEWS2 parameter scores as stored with it, and POSS.</summary>
public static class TileFlags
{
    public static IReadOnlyDictionary<string, int> Of(string news2Parameters, string? sedation)
    {
        var flags = JsonSerializer.Deserialize<Dictionary<string, int>>(news2Parameters) ?? [];
        if (Poss.TryParse(sedation, out var level))
        {
            // POSS is not part of NEWS2; 3 (frequently drowsy) or more is the sedation a tile must not let pass.
            flags["sedation"] = level >= PossLevel.FrequentlyDrowsy ? 3 : 0;
        }
        return flags;
    }
}
