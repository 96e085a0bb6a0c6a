using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Features.Charting;
using Monitoring.Api.Features.Doses;

namespace Monitoring.Api.Features.Timeline;

/// <summary>Everything charted and raised for one admission, in the order it happened.</summary>
public static class GetTimeline
{
    /// <summary><paramref name="Since"/> limits the timeline to what happened from then on (a trend view needs a day, not a stay).</summary>
    public sealed record Query(Guid AdmissionId, DateTimeOffset? Since = null) : IQuery<TimelineView>;

    public sealed record TimelineView(Guid AdmissionId, IReadOnlyList<TimelineEntry> Entries);

    /// <summary><paramref name="Type"/> is vitals, alert or a scale's kind; <paramref name="Cows"/> repeats a COWS assessment for older clients.</summary>
    public sealed record TimelineEntry(string Type, Guid Id, DateTimeOffset At, VitalsView? Vitals, CowsView? Cows, AlertView? Alert, AssessmentView? Assessment = null, DoseView? Dose = null);

    public sealed class Handler(AdmissionAccess access, ChartReader chart, AlertReader alerts, DoseReader doses, AuditTrail audit) : IQueryHandler<Query, TimelineView>
    {
        public async ValueTask<TimelineView> Handle(Query query, CancellationToken cancellationToken)
        {
            await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var since = query.Since ?? DateTimeOffset.MinValue;
            var vitals = await chart.VitalsAsync(query.AdmissionId, since, cancellationToken);
            var assessments = await chart.AssessmentsAsync(query.AdmissionId, since, cancellationToken);
            var given = await doses.OfAdmissionAsync(query.AdmissionId, since, cancellationToken);
            var raised = (await alerts.OfAdmissionAsync(query.AdmissionId, cancellationToken)).Where(alert => alert.RaisedAt >= since);
            var entries = vitals.Select(v => new TimelineEntry("vitals", v.Id, v.ObservedAt, v, null, null))
                .Concat(assessments.Select(a => new TimelineEntry(a.Kind, a.Id, a.ObservedAt, null, a.AsCows(), null, a)))
                .Concat(raised.Select(a => new TimelineEntry("alert", a.Id, a.RaisedAt, null, null, a)))
                .Concat(given.Select(d => new TimelineEntry("dose", d.Id, d.GivenAt, null, null, null, null, d)))
                .OrderBy(entry => entry.At)
                .ThenBy(entry => entry.Id)
                .ToList();
            await audit.RecordAsync("timeline.read", query.AdmissionId, $"admission/{query.AdmissionId}/timeline", cancellationToken);
            return new TimelineView(query.AdmissionId, entries);
        }
    }
}
