using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Monitor;

/// <summary>What an admission's monitor sent over a window: raw samples (windows up to 1 h), minute or five-minute aggregates.</summary>
public static class GetMonitor
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    private static readonly Dictionary<string, (TimeSpan Bucket, TimeSpan LongestWindow)> Resolutions = new(StringComparer.Ordinal)
    {
        ["raw"] = (TimeSpan.Zero, TimeSpan.FromHours(1)),
        ["1m"] = (TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
        ["5m"] = (TimeSpan.FromMinutes(5), TimeSpan.FromDays(7)),
    };

    /// <summary>Samples at or after <paramref name="Since"/> (default an hour before until) and before <paramref name="Until"/> (default now).</summary>
    public sealed record Query(Guid AdmissionId, DateTimeOffset? Since, DateTimeOffset? Until, string? Resolution) : IQuery<MonitorView>;

    public sealed record MonitorView(Guid AdmissionId, string Resolution, DateTimeOffset Since, DateTimeOffset Until, MonitorDevice Device, IReadOnlyDictionary<string, List<MonitorPoint>> Parameters);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(q => q.Resolution).Must(r => r is null || Resolutions.ContainsKey(r))
                .WithMessage("resolution is raw, 1m or 5m (default 1m).");
            RuleFor(q => q.Until).GreaterThan(q => q.Since).When(q => q.Since is not null && q.Until is not null)
                .WithMessage("until must be later than since.");
            RuleFor(q => q.Since).Must((q, _) => Window(q, clock.GetUtcNow()).Length <= Resolutions[q.Resolution ?? "1m"].LongestWindow)
                .When(q => q.Resolution is null || Resolutions.ContainsKey(q.Resolution))
                .WithMessage(q => $"the window from since to until is at most {Describe(Resolutions[q.Resolution ?? "1m"].LongestWindow)} at resolution {q.Resolution ?? "1m"}.");
        }

        private static string Describe(TimeSpan span) => span.TotalHours < 24 ? $"{span.TotalHours:0} h" : $"{span.TotalDays:0} days";
    }

    public sealed class Handler(AdmissionAccess access, MonitorReader reader, DbSession session, AuditTrail audit, TimeProvider clock) : IQueryHandler<Query, MonitorView>
    {
        public async ValueTask<MonitorView> Handle(Query query, CancellationToken cancellationToken)
        {
            await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var resolution = query.Resolution ?? "1m";
            var (since, until, _) = Window(query, clock.GetUtcNow());
            var (device, parameters) = await session.ReadSnapshotAsync(async () => (
                await reader.DeviceAsync(query.AdmissionId, cancellationToken),
                resolution == "raw"
                    ? await reader.RawAsync(query.AdmissionId, since, until, cancellationToken)
                    : await reader.AggregatesAsync(query.AdmissionId, since, until, Resolutions[resolution].Bucket, cancellationToken)), cancellationToken);
            await audit.RecordAsync("monitor.read", query.AdmissionId, $"admission/{query.AdmissionId}/monitor", cancellationToken);
            return new MonitorView(query.AdmissionId, resolution, since, until, device, parameters);
        }
    }

    private static (DateTimeOffset Since, DateTimeOffset Until, TimeSpan Length) Window(Query query, DateTimeOffset now)
    {
        var until = query.Until ?? now;
        var since = query.Since ?? until - DefaultWindow;
        return (since, until, until - since);
    }
}
