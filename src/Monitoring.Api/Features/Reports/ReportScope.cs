using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Reports;

/// <summary>
/// What every report starts from: a ward that exists and that the user may see, its settings and clock zone, the
/// moment the report is made and the window it covers as the ward's clocks show it.
/// </summary>
public sealed record ReportScope(WardSettings Settings, TimeZoneInfo Zone, DateTimeOffset Now, ReportWindow Window)
{
    public static async Task<ReportScope> OpenAsync(WardLookup wards, CurrentUser user, TimeProvider clock, string ward, string? since, string? until, CancellationToken cancellationToken)
    {
        await wards.EnsureExistsAsync(ward, cancellationToken);
        user.EnsureCanSeeWard(ward);
        var settings = await wards.SettingsAsync(ward, cancellationToken);
        var zone = WardZone.Of(settings);
        var now = clock.GetUtcNow();
        return new ReportScope(settings, zone, now, ReportWindow.Parse(since, until, zone, now));
    }
}
