using System.Text.Json;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Wards;

/// <summary>Whether a ward exists, and the rule settings it runs with.</summary>
public sealed class WardLookup(DbSession session, WardSettingsCache cache)
{
    public static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web);

    private const string Exists = "SELECT COUNT(*) FROM wards WHERE code = @Ward";
    private const string Settings = "SELECT settings FROM ward_settings WHERE ward_code = @Ward";

    public async Task EnsureExistsAsync(string ward, CancellationToken cancellationToken)
    {
        if (await session.ExecuteScalarAsync<long>(Exists, new { Ward = ward }, cancellationToken) == 0)
        {
            throw new NotFoundException($"Ward {ward} does not exist.");
        }
    }

    public async Task<WardSettings> SettingsAsync(string ward, CancellationToken cancellationToken)
    {
        var json = await session.QuerySingleOrDefaultAsync<string>(Settings, new { Ward = ward }, cancellationToken);
        return cache.Of(ward, json);
    }
}
