using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Audit;

/// <summary>
/// Append-only record of who read or changed what, from where. Writes are audited inside their own
/// transaction, so an audited change and its audit row commit or vanish together.
/// </summary>
public sealed class AuditTrail(DbSession session, CurrentUser user, TimeProvider clock, PendingAudit pending)
{
    public const string Insert = """
        INSERT INTO audit_log (occurred_at, user_id, username, role, action, admission_id, resource, client_address)
        VALUES (@OccurredAt, @UserId, @Username, @Role, @Action, @AdmissionId, @Resource, @ClientAddress)
        """;

    /// <summary>
    /// A write's row commits in the write's transaction; a read's is written on its own, or held by
    /// <see cref="PendingAudit"/> while the store cannot take it, so that reads go on through a full disk.
    /// </summary>
    public async Task RecordAsync(string action, Guid? admissionId, string? resource, CancellationToken cancellationToken)
    {
        var row = new
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = (Guid?)user.Id,
            user.Username,
            user.Role,
            Action = action,
            AdmissionId = admissionId,
            Resource = resource,
            user.ClientAddress,
        };
        if (session.InTransaction)
        {
            await session.ExecuteAsync(Insert, row, cancellationToken);
            return;
        }
        await pending.WriteOrHoldAsync(session, Insert, row, cancellationToken);
    }
}
