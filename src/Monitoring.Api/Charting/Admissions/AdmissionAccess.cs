using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Admissions;

/// <summary>The facts about an admission that every slice needs before it reads or charts.</summary>
public record AdmissionFacts
{
    public Guid Id { get; init; }
    public string WardCode { get; init; } = "";
    public string BedCode { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public DateOnly DateOfBirth { get; init; }
    public string Substances { get; init; } = "";
    public int Spo2Scale { get; init; }
    public bool Pregnant { get; init; }
    public DateTimeOffset AdmittedAt { get; init; }
    public DateTimeOffset? DischargedAt { get; init; }

    public bool IsOpen => DischargedAt is null;

    public SpO2Scale Scale => (SpO2Scale)Spo2Scale;

    public IReadOnlyList<string> SubstanceList => Substances.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// An admission with what charting one observation of a kind needs besides, read in the same statement:
/// the ward's settings, whether doses or an open overdue alert call for the full rules, and the kind's
/// schedule and newest observation so that the next due time follows from the new one.
/// </summary>
public sealed record ChartingAdmission : AdmissionFacts
{
    public string? WardSettingsJson { get; init; }

    /// <summary>The newest dose given, valid or not: any dose sends charting through the dose rules.</summary>
    public DateTimeOffset? LastDoseAt { get; init; }

    public int OpenOverdueAlerts { get; init; }

    /// <summary>Open alerts of any code: without any, a reading that fires nothing has no episode to clear.</summary>
    public int OpenAlerts { get; init; }

    /// <summary>The kind's next due time, where the kind is scheduled at all.</summary>
    public DateTimeOffset? ScheduledDue { get; init; }

    /// <summary>The newest observation of the kind, including any entered in error (so "not later" is certain, "later" is not).</summary>
    public DateTimeOffset? NewestOfKindAt { get; init; }

    public bool IsNewestOfKind(DateTimeOffset observedAt) => NewestOfKindAt is not { } newest || observedAt >= newest;

    /// <summary>Later than every observation of the kind: a tie is not, since the full rules weigh both readings.</summary>
    public bool IsLaterThanAnyOfKind(DateTimeOffset observedAt) => NewestOfKindAt is not { } newest || observedAt > newest;

    /// <summary>The lowest and highest NEWS2 band (as stored) of the sets in the 10 min before the reading being charted.</summary>
    public string? RecentBandLow { get; init; }

    public string? RecentBandHigh { get; init; }

    /// <summary>No set of the last 10 min differs from <paramref name="band"/>: nothing for the worse-of-two rule to weigh.</summary>
    public bool AgreesWithRecentSets(string? band) => (RecentBandLow is null && RecentBandHigh is null) || (band is not null && RecentBandLow == band && RecentBandHigh == band);
}

/// <summary>Loads an admission and enforces that it exists and that the user may see its ward.</summary>
public sealed class AdmissionAccess(DbSession session, CurrentUser user)
{
    private const string Columns = """
        a.id AS Id, a.ward_code AS WardCode, a.bed_code AS BedCode, a.display_name AS DisplayName,
        a.date_of_birth AS DateOfBirth, a.substances AS Substances, a.spo2_scale AS Spo2Scale,
        a.pregnant AS Pregnant, a.admitted_at AS AdmittedAt, a.discharged_at AS DischargedAt
        """;

    private const string Select = $"SELECT {Columns} FROM admissions a WHERE a.id = @Id";

    // One statement for what charting reads before it writes; the subqueries are index seeks.
    private const string SelectForCharting = $"""
        SELECT {Columns},
               ws.settings AS WardSettingsJson,
               (SELECT MAX(d.given_at) FROM doses d WHERE d.admission_id = a.id) AS LastDoseAt,
               (SELECT COUNT(*) FROM alerts al WHERE al.admission_id = a.id AND al.code = 'observations-overdue' AND al.status <> 'resolved') AS OpenOverdueAlerts,
               (SELECT COUNT(*) FROM alerts al WHERE al.admission_id = a.id AND al.status <> 'resolved') AS OpenAlerts,
               s.next_due AS ScheduledDue,
               (SELECT MAX(o.observed_at) FROM observations o WHERE o.admission_id = a.id AND o.kind = @Kind) AS NewestOfKindAt,
               (SELECT MIN(v.news2_band) FROM observations o JOIN vital_signs v ON v.observation_id = o.id
                WHERE o.admission_id = a.id AND o.observed_at >= @ConflictSince) AS RecentBandLow,
               (SELECT MAX(v.news2_band) FROM observations o JOIN vital_signs v ON v.observation_id = o.id
                WHERE o.admission_id = a.id AND o.observed_at >= @ConflictSince) AS RecentBandHigh
        FROM admissions a
        LEFT JOIN ward_settings ws ON ws.ward_code = a.ward_code
        LEFT JOIN observation_schedules s ON s.admission_id = a.id AND s.kind = @Kind
        WHERE a.id = @Id
        """;

    public Task<AdmissionFacts> GetVisibleAsync(Guid admissionId, CancellationToken cancellationToken) =>
        GetVisibleAsync(admissionId, $"Admission {admissionId} does not exist.", cancellationToken);

    /// <summary>An admission on a ward the user cannot see answers like one that does not exist.</summary>
    public async Task<AdmissionFacts> GetVisibleAsync(Guid admissionId, string notFoundMessage, CancellationToken cancellationToken)
    {
        var admission = await session.QuerySingleOrDefaultAsync<AdmissionFacts>(Select, new { Id = admissionId }, cancellationToken)
            ?? throw new NotFoundException(notFoundMessage);
        user.EnsureCanSeeWardOrNotFound(admission.WardCode, notFoundMessage, admissionId, $"admission/{admissionId}");
        return admission;
    }

    /// <summary>For the service's own background work, which acts for no particular user.</summary>
    public async Task<AdmissionFacts?> GetOpenUncheckedAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var admission = await session.QuerySingleOrDefaultAsync<AdmissionFacts>(Select, new { Id = admissionId }, cancellationToken);
        return admission is { IsOpen: true } ? admission : null;
    }

    /// <summary>Charting and corrections need a patient who is still on the ward.</summary>
    public async Task<AdmissionFacts> GetOpenAsync(Guid admissionId, CancellationToken cancellationToken) =>
        EnsureOpen(await GetVisibleAsync(admissionId, cancellationToken));

    /// <summary>An open admission with what charting an observation of <paramref name="kind"/> reads besides.</summary>
    // conflictSince: where the sets that could conflict with the reading begin (10 min before it); none given, none read.
    public async Task<ChartingAdmission> GetOpenForChartingAsync(Guid admissionId, string kind, CancellationToken cancellationToken, DateTimeOffset? conflictSince = null)
    {
        var notFound = $"Admission {admissionId} does not exist.";
        var admission = await session.QuerySingleOrDefaultAsync<ChartingAdmission>(SelectForCharting,
            new { Id = admissionId, Kind = kind, ConflictSince = conflictSince ?? DateTimeOffset.MaxValue }, cancellationToken)
            ?? throw new NotFoundException(notFound);
        user.EnsureCanSeeWardOrNotFound(admission.WardCode, notFound, admissionId, $"admission/{admissionId}");
        return EnsureOpen(admission);
    }

    private static T EnsureOpen<T>(T admission) where T : AdmissionFacts =>
        admission.IsOpen ? admission
            : throw new ConflictException($"Admission {admission.Id} was discharged at {admission.DischargedAt:u}; nothing more can be charted on it.");
}
