using System.Text.Json;

namespace Monitoring.Api.Data;

/// <summary>Enum values as the contract writes them: ModeratelySevere -> "moderately-severe".</summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Policy.ConvertName(value.ToString());
}
