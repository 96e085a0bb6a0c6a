using System.Text.Json;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Wards;

/// <summary>Per-ward rule thresholds and intervals: read by anyone of the ward, changed by admin, audited.</summary>
public static class WardSettingsFeature
{
    public sealed record Get(string Ward) : IQuery<WardSettings>;

    public sealed record Change(string Ward, WardSettings Settings) : IWriteCommand<WardSettings>
    {
        public string? IdempotencyKey { get; init; }
    }

    private const string Update = "UPDATE ward_settings SET settings = @Settings, updated_at = @Now, updated_by = @UserId WHERE ward_code = @Ward";
    private const string Insert = "INSERT INTO ward_settings (ward_code, settings, updated_at, updated_by) VALUES (@Ward, @Settings, @Now, @UserId)";

    public sealed class GetHandler(WardLookup wards, CurrentUser user) : IQueryHandler<Get, WardSettings>
    {
        public async ValueTask<WardSettings> Handle(Get query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            // Every scale's settings written out, so that a ward sees the defaults it has not changed.
            return (await wards.SettingsAsync(query.Ward, cancellationToken)).Complete();
        }
    }

    private const string OpenAdmissions = "SELECT id FROM admissions WHERE ward_code = @Ward AND discharged_at IS NULL";

    public sealed class ChangeHandler(DbSession session, WardLookup wards, AdmissionAccess admissions, ChartReader chart, CurrentUser user, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Change, WardSettings>
    {
        public async ValueTask<WardSettings> Handle(Change command, CancellationToken cancellationToken)
        {
            var problems = command.Settings.Validate().ToDictionary();
            if (!WardZone.IsKnown(command.Settings.TimeZone))
            {
                problems["timeZone"] = ["An IANA time zone such as Europe/London, in which reasons give their times."];
            }
            if (problems.Count > 0)
            {
                throw new RequestValidationException(problems);
            }
            await wards.EnsureExistsAsync(command.Ward, cancellationToken);
            var settings = command.Settings.Complete();
            var row = new
            {
                command.Ward,
                Settings = JsonSerializer.Serialize(settings, WardLookup.SettingsJson),
                Now = clock.GetUtcNow(),
                UserId = user.Id,
            };
            if (await session.ExecuteAsync(Update, row, cancellationToken) == 0)
            {
                await session.ExecuteAsync(Insert, row, cancellationToken);
            }
            // New intervals count for the patients already on the ward, not only from their next reading.
            foreach (var id in await session.QueryAsync<Guid>(OpenAdmissions, new { command.Ward }, cancellationToken))
            {
                if (await admissions.GetOpenUncheckedAsync(id, cancellationToken) is { } admission)
                {
                    await ObservationScheduler.RescheduleAsync(session, chart, admission, settings, cancellationToken, newScalesFrom: clock.GetUtcNow());
                }
            }
            await audit.RecordAsync("ward.settings-changed", null, $"ward/{command.Ward}/settings", cancellationToken);
            return settings;
        }
    }
}
