using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Admissions;

/// <summary>The facts about an admission that every slice needs before it reads or charts.</summary>
public sealed record AdmissionFacts
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

/// <summary>Loads an admission and enforces that it exists and that the user may see its ward.</summary>
public sealed class AdmissionAccess(DbSession session, CurrentUser user)
{
    private const string Select = """
        SELECT id AS Id, ward_code AS WardCode, bed_code AS BedCode, display_name AS DisplayName,
               date_of_birth AS DateOfBirth, substances AS Substances, spo2_scale AS Spo2Scale,
               pregnant AS Pregnant, admitted_at AS AdmittedAt, discharged_at AS DischargedAt
        FROM admissions
        WHERE id = @Id
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
    public async Task<AdmissionFacts> GetOpenAsync(Guid admissionId, CancellationToken cancellationToken)
    {
        var admission = await GetVisibleAsync(admissionId, cancellationToken);
        if (!admission.IsOpen)
        {
            throw new ConflictException($"Admission {admissionId} was discharged at {admission.DischargedAt:u}; nothing more can be charted on it.");
        }
        return admission;
    }
}
