using System.Collections.Concurrent;
using System.Text.Json;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Wards;

/// <summary>
/// Parsed ward settings, kept by the stored text they came from. Readers pass the text they read with
/// their other rows, so a change made on any instance counts from the next reading on, and a ward's
/// settings are parsed once per change rather than once per reading.
/// </summary>
public sealed class WardSettingsCache
{
    private readonly ConcurrentDictionary<string, (string Json, WardSettings Settings)> _byWard = new(StringComparer.Ordinal);

    public WardSettings Of(string ward, string? json)
    {
        if (json is null)
        {
            return WardSettings.Default;
        }
        if (_byWard.TryGetValue(ward, out var cached) && string.Equals(cached.Json, json, StringComparison.Ordinal))
        {
            return cached.Settings;
        }
        var settings = JsonSerializer.Deserialize<WardSettings>(json, WardLookup.SettingsJson) ?? WardSettings.Default;
        _byWard[ward] = (json, settings);
        return settings;
    }
}
