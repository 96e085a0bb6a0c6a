using Monitoring.Api.Data;

namespace Monitoring.Api.Devices.Ingest;

/// <summary>
/// Audit rows of the monitor feed, which acts for no signed-in user: a connection opened or closed, and every
/// message answered AE or AR, each with the sender's address. One row per connection, never one per sample.
/// </summary>
public sealed class DeviceAudit(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeviceAudit> logger)
{
    public const string Username = "mllp";

    private const string Insert = """
        INSERT INTO audit_log (occurred_at, user_id, username, role, action, admission_id, resource, client_address)
        VALUES (@OccurredAt, NULL, @Username, 'device', @Action, @AdmissionId, @Resource, @ClientAddress)
        """;

    public async Task RecordAsync(string action, string sender, string resource, Guid? admissionId = null)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.ExecuteAsync(Insert, new
            {
                OccurredAt = clock.GetUtcNow(),
                Username,
                Action = action,
                AdmissionId = admissionId,
                Resource = resource,
                ClientAddress = sender,
            }, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store being down is what an AE 207 already says; the feed goes on answering.
            logger.LogWarning("Audit of {Action} from {Sender} not written: {Error}", action, sender, exception.GetType().Name);
        }
    }
}
