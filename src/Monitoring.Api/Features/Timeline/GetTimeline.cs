using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Doses;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Timeline;

/// <summary>Everything charted and raised for one admission, in the order it happened, a page at a time.</summary>
public static class GetTimeline
{
    public const int DefaultLimit = 200;
    public const int MaximumLimit = 1000;

    /// <summary>
    /// Entries at or after <paramref name="Since"/> and before <paramref name="Until"/>, in (at, id) order, after
    /// the entry that <paramref name="Cursor"/> names (a previous page's <c>nextCursor</c>), at most <paramref name="Limit"/>.
    /// </summary>
    public sealed record Query(Guid AdmissionId, DateTimeOffset? Since = null, DateTimeOffset? Until = null, int? Limit = null, string? Cursor = null)
        : IQuery<TimelineView>;

    /// <summary><paramref name="NextCursor"/> reads the next page; null when this page reached the end.</summary>
    public sealed record TimelineView(Guid AdmissionId, IReadOnlyList<TimelineEntry> Entries, string? NextCursor);

    /// <summary>
    /// <paramref name="Type"/> is vitals, a scale's kind, dose, alert or not-done (a round that could not be done);
    /// <paramref name="Cows"/> repeats a COWS assessment for older clients.
    /// </summary>
    public sealed record TimelineEntry(string Type, Guid Id, DateTimeOffset At, VitalsView? Vitals, CowsView? Cows, AlertView? Alert, AssessmentView? Assessment = null, DoseView? Dose = null,
        NotDoneRounds.NotDoneView? NotDone = null)
    {
        /// <summary>A valid vitals set within 10 min of this one whose NEWS2 band differs: the pair the schedule and tile read as one, the worse deciding.</summary>
        public Guid? ConflictsWith { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, MaximumLimit).When(q => q.Limit is not null)
                .WithMessage($"limit is the page size: 1 to {MaximumLimit} entries (default {DefaultLimit}).");
            RuleFor(q => q.Until).GreaterThanOrEqualTo(q => q.Since).When(q => q.Since is not null && q.Until is not null)
                .WithMessage("until must not be earlier than since.");
            RuleFor(q => q.Cursor).Must(cursor => cursor is null || TimelineCursor.TryParse(cursor, out _))
                .WithMessage("cursor is not one this service gave: pass a page's nextCursor back unchanged.");
        }
    }

    public sealed class Handler(DbSession session, AdmissionAccess access, ChartReader chart, AlertReader alerts, DoseReader doses, AuditTrail audit)
        : IQueryHandler<Query, TimelineView>
    {
        public async ValueTask<TimelineView> Handle(Query query, CancellationToken cancellationToken)
        {
            await access.GetVisibleAsync(query.AdmissionId, cancellationToken);
            var limit = query.Limit ?? DefaultLimit;
            TimelineCursor? after = TimelineCursor.TryParse(query.Cursor, out var cursor) ? cursor : null;
            // Each source reads one row more than the page: if the merge has more than the page, another page follows.
            var page = new TimePage(query.AdmissionId, query.Since, query.Until, after?.At, after?.Id, limit + 1);
            // One snapshot for every source (SQLite): an entry charted meanwhile is on this page or after its end, never skipped.
            var entries = await session.ReadSnapshotAsync(() => ReadAsync(page, cancellationToken), cancellationToken);

            // Merged in the database's own (at, id) order, so that the next page's keyset continues exactly here.
            var ids = session.Dialect.IdOrder;
            entries.Sort((x, y) => x.At.UtcTicks != y.At.UtcTicks ? x.At.UtcTicks.CompareTo(y.At.UtcTicks) : ids.Compare(x.Id, y.Id));
            entries = MarkConflicts(entries);
            var more = entries.Count > limit;
            if (more)
            {
                entries.RemoveRange(limit, entries.Count - limit);
            }
            await audit.RecordAsync("timeline.read", query.AdmissionId, $"admission/{query.AdmissionId}/timeline", cancellationToken);
            return new TimelineView(query.AdmissionId, entries, more ? new TimelineCursor(entries[^1].At, entries[^1].Id).ToString() : null);
        }

        // Within the page: two sets at a page's edge are marked when read with a page that holds both.
        private static List<TimelineEntry> MarkConflicts(List<TimelineEntry> entries)
        {
            var sets = entries.Where(e => e.Vitals is { EnteredInError: null, News2.Band: not null }).ToList();
            return [.. entries.Select(entry => entry.Vitals is { EnteredInError: null, News2.Band: { } band }
                && sets.FirstOrDefault(other => other.Id != entry.Id && other.Vitals!.News2.Band != band
                    && (other.At - entry.At).Duration() <= DecisiveSet.Window) is { } conflict
                ? entry with { ConflictsWith = conflict.Id }
                : entry)];
        }

        private async Task<List<TimelineEntry>> ReadAsync(TimePage page, CancellationToken cancellationToken)
        {
            var entries = new List<TimelineEntry>();
            entries.AddRange((await chart.VitalsPageAsync(page, cancellationToken)).Select(v => new TimelineEntry("vitals", v.Id, v.ObservedAt, v, null, null)));
            foreach (var scale in AssessmentScales.All)
            {
                entries.AddRange((await chart.AssessmentsPageAsync(page, scale.Kind, cancellationToken))
                    .Select(a => new TimelineEntry(a.Kind, a.Id, a.ObservedAt, null, a.AsCows(), null, a)));
            }
            entries.AddRange((await doses.PageAsync(page, cancellationToken)).Select(d => new TimelineEntry("dose", d.Id, d.GivenAt, null, null, null, null, d)));
            entries.AddRange((await alerts.PageAsync(page, cancellationToken)).Select(a => new TimelineEntry("alert", a.Id, a.RaisedAt, null, null, a)));
            entries.AddRange((await NotDoneRounds.PageAsync(session, page, cancellationToken)).Select(n => new TimelineEntry("not-done", n.Id, n.At, null, null, null, NotDone: n)));
            return entries;
        }
    }
}
