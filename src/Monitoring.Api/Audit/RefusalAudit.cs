using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Data;
using Monitoring.Api.Security;

namespace Monitoring.Api.Audit;

public static class AuditOutcomes
{
    public const string Allowed = "allowed";
    public const string Refused = "refused";
    public const string FailedSignIn = "failed-sign-in";
    public const string LockedOut = "locked-out";

    public static readonly IReadOnlyList<string> All = [Allowed, Refused, FailedSignIn, LockedOut];
}

/// <summary>One row of the trail written on its own, outside any request transaction.</summary>
public sealed record AuditEntry(
    string Action,
    string Outcome,
    Guid? UserId = null,
    string? Username = null,
    string? Role = null,
    Guid? AdmissionId = null,
    string? Resource = null,
    string? ClientAddress = null);

/// <summary>
/// Writes refusals, failed sign-ins and lockouts in a transaction of their own, so that the refused
/// request's rollback cannot take its audit row with it.
/// </summary>
public sealed class RefusalAudit(ConnectionFactory factory, TimeProvider clock, IConfiguration configuration, ILogger<RefusalAudit> logger)
{
    internal const string ItemKey = "monitoring.refusal";

    /// <summary>Anonymous refusals recorded one by one per client address and minute (default 20); past it, one row says the rest are not.</summary>
    public const string AnonymousRowsKey = "Monitoring:Audit:AnonymousRefusalsPerMinute";

    private readonly int _anonymousRowsPerMinute = Math.Max(1, configuration.GetValue(AnonymousRowsKey, 20));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Minute, int Count)> _anonymous = new();

    private const string Insert = """
        INSERT INTO audit_log (occurred_at, user_id, username, role, action, admission_id, resource, client_address, outcome)
        VALUES (@OccurredAt, @UserId, @Username, @Role, @Action, @AdmissionId, @Resource, @ClientAddress, @Outcome)
        """;

    /// <summary>A refusal answered as something else (a 404 or 409 that must not say why): recorded once the request ends.</summary>
    public static void Note(HttpContext? context, string action, Guid? admissionId, string? resource)
    {
        if (context is not null)
        {
            context.Items[ItemKey] = (action, admissionId, resource);
        }
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (entry.UserId is null && entry.Outcome == AuditOutcomes.Refused)
        {
            // Anyone can send refused requests without limit: their rows must not be a way to fill the disk.
            var seen = CountAnonymous(entry.ClientAddress ?? "");
            if (seen > _anonymousRowsPerMinute + 1)
            {
                return;
            }
            if (seen == _anonymousRowsPerMinute + 1)
            {
                entry = entry with { Action = "refused.anonymous-throttled", Resource = $"more than {_anonymousRowsPerMinute} anonymous refusals from this address this minute: the rest are not recorded one by one" };
            }
        }
        try
        {
            await using var session = new DbSession(factory);
            await session.ExecuteAsync(Insert, new
            {
                OccurredAt = clock.GetUtcNow(),
                entry.UserId,
                entry.Username,
                entry.Role,
                entry.Action,
                entry.AdmissionId,
                entry.Resource,
                entry.ClientAddress,
                entry.Outcome,
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not audit {Action} ({Outcome})", entry.Action, entry.Outcome);
        }
    }

    private int CountAnonymous(string address)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (_anonymous.Count > 10_000)
        {
            foreach (var old in _anonymous.Where(pair => pair.Value.Minute < minute))
            {
                _anonymous.TryRemove(old);
            }
        }
        return _anonymous.AddOrUpdate(address, (minute, 1), (_, seen) => seen.Minute == minute ? (minute, seen.Count + 1) : (minute, 1)).Count;
    }
}

public static class RefusalAuditMiddleware
{
    /// <summary>After the answer: 401, 403 and 429 on patient and admin routes, and refusals noted by a handler.</summary>
    public static IApplicationBuilder UseRefusalAudit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            var noted = context.Items.TryGetValue(RefusalAudit.ItemKey, out var value) ? ((string Action, Guid? AdmissionId, string? Resource)?)value : null;
            if (noted is null && !(status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests && IsAudited(context.Request.Path)))
            {
                return;
            }
            var audit = context.RequestServices.GetRequiredService<RefusalAudit>();
            var user = context.User;
            await audit.RecordAsync(new AuditEntry(
                noted?.Action ?? $"refused.{status}",
                AuditOutcomes.Refused,
                Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null,
                user.FindFirstValue(JwtRegisteredClaimNames.Name),
                user.FindFirstValue(TokenIssuer.RoleClaim),
                noted?.AdmissionId,
                noted?.Resource ?? $"{context.Request.Method} {context.Request.Path}",
                context.Connection.RemoteIpAddress?.ToString()), CancellationToken.None);
        });

    // Sign-in and refresh audit their own failures with the outcome that fits; static files are public.
    private static bool IsAudited(PathString path) =>
        (path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/auth")) || path.StartsWithSegments(AuthenticationSetup.HubPathPrefix)
        || path.StartsWithSegments("/fhir");
}
