using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Wards;

/// <summary>"My beds": the occupied beds of the ward whose patient the signed-in clinician charted in the last hours (12 by default).</summary>
public static class GetMyBeds
{
    public const int DefaultHours = 12;
    public const int MostHours = 24;

    public sealed record Query(string Ward, int? Hours) : IQuery<MyBedsView>;

    public sealed record MyBedsView(string Ward, DateTimeOffset Since, IReadOnlyList<MyBed> Beds);

    public sealed record MyBed(string Bed, Guid AdmissionId);

    // Vital signs and scales share the observations table; a dose given counts as charting too.
    private const string Select = """
        SELECT a.bed_code AS Bed, a.id AS AdmissionId
        FROM admissions a
        WHERE a.ward_code = @Ward AND a.discharged_at IS NULL
          AND (EXISTS (SELECT 1 FROM observations o WHERE o.admission_id = a.id AND o.recorded_by = @UserId AND o.recorded_at >= @Since)
            OR EXISTS (SELECT 1 FROM doses d WHERE d.admission_id = a.id AND d.recorded_by = @UserId AND d.recorded_at >= @Since))
        ORDER BY a.bed_code
        """;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Hours).InclusiveBetween(1, MostHours).When(q => q.Hours is not null)
                .WithMessage($"hours is from 1 to {MostHours} (default {DefaultHours}).");
    }

    public sealed class Handler(WardLookup wards, CurrentUser user, DbSession session, AuditTrail audit, TimeProvider clock) : IQueryHandler<Query, MyBedsView>
    {
        public async ValueTask<MyBedsView> Handle(Query query, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(query.Ward, cancellationToken);
            user.EnsureCanSeeWard(query.Ward);
            var since = clock.GetUtcNow().AddHours(-(query.Hours ?? DefaultHours));
            var rows = await session.QueryAsync<Row>(Select, new { query.Ward, UserId = user.Id, Since = since }, cancellationToken);
            await audit.RecordAsync("board.my-beds", null, $"ward/{query.Ward}/my-beds", cancellationToken);
            return new MyBedsView(query.Ward, since, [.. rows.Select(row => new MyBed(row.Bed, row.AdmissionId))]);
        }
    }

    private sealed record Row
    {
        public string Bed { get; init; } = "";
        public Guid AdmissionId { get; init; }
    }
}
