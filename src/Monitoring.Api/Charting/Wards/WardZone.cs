using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Wards;

/// <summary>The ward's IANA time zone, in which every reason a nurse reads gives its times.</summary>
public static class WardZone
{
    public const string Default = "Europe/London";

    public static bool IsKnown(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>Settings are validated when saved; a zone the host no longer knows falls back to the default, then UTC.</summary>
    public static TimeZoneInfo Of(WardSettings settings) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone, out var zone) ? zone
        : TimeZoneInfo.TryFindSystemTimeZoneById(Default, out var london) ? london
        : TimeZoneInfo.Utc;
}
