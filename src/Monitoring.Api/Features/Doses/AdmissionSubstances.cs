using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Doses;

/// <summary>The substances an admission names, each with its last use where known; the admission row keeps their classes.</summary>
public static class AdmissionSubstances
{
    private const string Insert = """
        INSERT INTO admission_substances (admission_id, position, substance, last_use_at)
        VALUES (@AdmissionId, @Position, @Substance, @LastUseAt)
        """;

    public static async Task InsertAsync(DbSession session, Guid admissionId, IReadOnlyList<SubstanceUse> substances, CancellationToken cancellationToken)
    {
        for (var position = 0; position < substances.Count; position++)
        {
            var use = substances[position];
            await session.ExecuteAsync(Insert, new { AdmissionId = admissionId, Position = position, use.Substance, LastUseAt = use.LastUseAt?.ToUniversalTime() }, cancellationToken);
        }
    }
}
