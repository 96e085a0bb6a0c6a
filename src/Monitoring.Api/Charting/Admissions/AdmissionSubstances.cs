using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Admissions;

/// <summary>
/// The substances an admission names, each with its last use where known; the admission row keeps their classes.
/// The rows are append-only: an amendment appends the new list and a revision names where it starts.
/// </summary>
public static class AdmissionSubstances
{
    private const string Insert = """
        INSERT INTO admission_substances (admission_id, position, substance, last_use_at)
        VALUES (@AdmissionId, @Position, @Substance, @LastUseAt)
        """;

    /// <summary>The list in force: the rows from the latest revision's first position on (all of them before any amendment).</summary>
    public const string Current = """
        SELECT substance AS Substance, last_use_at AS LastUseAt FROM admission_substances
        WHERE admission_id = @AdmissionId
          AND position >= COALESCE((SELECT MAX(r.first_position) FROM admission_substance_revisions r WHERE r.admission_id = @AdmissionId), 0)
        ORDER BY position
        """;

    private const string NextPosition = "SELECT COALESCE(MAX(position), -1) + 1 FROM admission_substances WHERE admission_id = @AdmissionId";

    private const string NextRevision = "SELECT COALESCE(MAX(revision), 0) + 1 FROM admission_substance_revisions WHERE admission_id = @AdmissionId";

    private const string InsertRevision = """
        INSERT INTO admission_substance_revisions (admission_id, revision, first_position, amended_at, amended_by)
        VALUES (@AdmissionId, @Revision, @FirstPosition, @AmendedAt, @AmendedBy)
        """;

    public static Task InsertAsync(DbSession session, Guid admissionId, IReadOnlyList<SubstanceUse> substances, CancellationToken cancellationToken) =>
        InsertFromAsync(session, admissionId, 0, substances, cancellationToken);

    /// <summary>Puts a new list in force after the old one, which stays on record.</summary>
    public static async Task AmendAsync(DbSession session, Guid admissionId, IReadOnlyList<SubstanceUse> substances, Guid amendedBy, DateTimeOffset amendedAt, CancellationToken cancellationToken)
    {
        var first = await session.ExecuteScalarAsync<long>(NextPosition, new { AdmissionId = admissionId }, cancellationToken);
        var revision = await session.ExecuteScalarAsync<long>(NextRevision, new { AdmissionId = admissionId }, cancellationToken);
        await session.ExecuteAsync(InsertRevision, new { AdmissionId = admissionId, Revision = revision, FirstPosition = first, AmendedAt = amendedAt, AmendedBy = amendedBy }, cancellationToken);
        await InsertFromAsync(session, admissionId, (int)first, substances, cancellationToken);
    }

    private static async Task InsertFromAsync(DbSession session, Guid admissionId, int first, IReadOnlyList<SubstanceUse> substances, CancellationToken cancellationToken)
    {
        for (var index = 0; index < substances.Count; index++)
        {
            var use = substances[index];
            await session.ExecuteAsync(Insert, new { AdmissionId = admissionId, Position = first + index, use.Substance, LastUseAt = use.LastUseAt?.ToUniversalTime() }, cancellationToken);
        }
    }
}
