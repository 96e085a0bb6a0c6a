using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;

namespace Monitoring.Api.Features.Audit;

/// <summary>The audit trail for an admin: newest first, filtered, a page at a time.</summary>
public static class ReadAuditTrail
{
    public const int DefaultLimit = 100;
    public const int MaximumLimit = 500;

    public sealed record Query(
        string? User,
        Guid? AdmissionId,
        string? Action,
        string? Outcome,
        DateTimeOffset? Since,
        DateTimeOffset? Until,
        long? Before,
        int? Limit) : IQuery<Page>;

    public sealed record Entry(
        long Id,
        DateTimeOffset OccurredAt,
        Guid? UserId,
        string? Username,
        string? Role,
        string Action,
        string Outcome,
        Guid? AdmissionId,
        string? Resource,
        string? ClientAddress);

    /// <summary>One page; <c>nextBefore</c> fetches the next (older) page, null on the last.</summary>
    public sealed record Page(IReadOnlyList<Entry> Entries, long? NextBefore);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Outcome).Must(outcome => outcome is null || AuditOutcomes.All.Contains(outcome))
                .WithMessage($"outcome is one of: {string.Join(", ", AuditOutcomes.All)}.");
            RuleFor(q => q.Limit).InclusiveBetween(1, MaximumLimit).When(q => q.Limit is not null);
            RuleFor(q => q.Until).GreaterThan(q => q.Since).When(q => q.Since is not null && q.Until is not null)
                .WithMessage("until must be later than since.");
            RuleFor(q => q.Before).GreaterThan(0).When(q => q.Before is not null);
            RuleFor(q => q.User).MaximumLength(100);
            RuleFor(q => q.Action).MaximumLength(100);
        }
    }

    private const string Select = """
        SELECT id AS Id, occurred_at AS OccurredAt, user_id AS UserId, username AS Username, role AS Role, action AS Action,
               outcome AS Outcome, admission_id AS AdmissionId, resource AS Resource, client_address AS ClientAddress
        FROM audit_log
        WHERE (@Username IS NULL OR username = @Username OR user_id = @UserId)
          AND (@AdmissionId IS NULL OR admission_id = @AdmissionId)
          AND (@Action IS NULL OR action = @Action)
          AND (@Outcome IS NULL OR outcome = @Outcome)
          AND (@Since IS NULL OR occurred_at >= @Since)
          AND (@Until IS NULL OR occurred_at < @Until)
          AND (@Before IS NULL OR id < @Before)
        ORDER BY id DESC
        """;

    public sealed class Handler(DbSession session, AuditTrail audit) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken cancellationToken)
        {
            var limit = query.Limit ?? DefaultLimit;
            // One row more than asked tells whether an older page exists.
            var rows = await session.QueryAsync<Entry>(session.Dialect.Top(limit + 1, Select), new
            {
                Username = query.User,
                UserId = Guid.TryParse(query.User, out var userId) ? userId : (Guid?)null,
                query.AdmissionId,
                query.Action,
                query.Outcome,
                query.Since,
                query.Until,
                query.Before,
            }, cancellationToken);
            // Reading the trail is itself audited: who looked at whose history.
            // Kept out of the admission's own trail (admission_id null), so that reading a trail does not change it.
            await audit.RecordAsync("audit.read", null, $"audit?user={query.User}&admissionId={query.AdmissionId}", cancellationToken);
            var page = rows.Take(limit).ToList();
            return new Page(page, rows.Count > limit ? page[^1].Id : null);
        }
    }
}
