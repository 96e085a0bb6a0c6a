using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>
/// The hospital's identity provider: <c>Monitoring:Oidc:Authority</c> (its discovery document and keys)
/// and <c>:Audience</c>; which claim carries the role (<c>:RoleClaim</c>, default <c>roles</c>) and the
/// wards (<c>:WardClaim</c>, default <c>wards</c>), and which claim value means each of our roles
/// (<c>:Roles:nurse</c> …, default the role's own name); the longest lifetime of a token it accepts
/// (<c>:MaxTokenLifetimeMinutes</c>, default 720: a shift).
/// </summary>
public sealed record OidcOptions(
    string Authority,
    string Audience,
    string RoleClaim,
    string WardClaim,
    string UsernameClaim,
    IReadOnlyDictionary<string, string> RoleValues,
    bool RequireHttpsMetadata,
    TimeSpan MaxTokenLifetime)
{
    public const string MaxTokenLifetimeKey = "Monitoring:Oidc:MaxTokenLifetimeMinutes";

    public static OidcOptions? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Monitoring:Oidc");
        var authority = section["Authority"];
        if (string.IsNullOrWhiteSpace(authority))
        {
            return null;
        }
        var audience = section["Audience"];
        if (string.IsNullOrWhiteSpace(audience))
        {
            throw new InvalidOperationException("Monitoring:Oidc:Audience must be set with Monitoring:Oidc:Authority.");
        }
        return new OidcOptions(
            authority,
            audience,
            section["RoleClaim"] ?? "roles",
            section["WardClaim"] ?? "wards",
            section["UsernameClaim"] ?? "preferred_username",
            Roles.All.ToDictionary(role => role, role => section[$"Roles:{role}"] ?? role),
            section.GetValue("RequireHttpsMetadata", true),
            TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue(MaxTokenLifetimeKey, 720))));
    }
}

public static class OidcSetup
{
    public const string Scheme = "hospital";
    public const string SelectorScheme = "local-or-hospital";

    // When a token carries several roles, it acts with the most privileged.
    private static readonly string[] RolePrecedence = [Roles.Admin, Roles.Manager, Roles.Physician, Roles.Nurse];

    public static AuthenticationBuilder AddHospitalSignOn(this AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication.Services.AddSingleton(oidc);
        authentication.Services.AddSingleton<HospitalSessions>();
        authentication.AddPolicyScheme(SelectorScheme, "Local or hospital token", options =>
            options.ForwardDefaultSelector = context => IsLocal(context) ? JwtBearerDefaults.AuthenticationScheme : Scheme);
        return authentication.AddJwtBearer(Scheme, options =>
        {
            options.Authority = oidc.Authority;
            options.Audience = oidc.Audience;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            options.IncludeErrorDetails = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = oidc.Audience,
                NameClaimType = oidc.UsernameClaim,
                RoleClaimType = TokenIssuer.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.Token = AuthenticationSetup.HubQueryToken(context.HttpContext) ?? context.Token;
                    return Task.CompletedTask;
                },
                OnTokenValidated = context => MapToLocalUserAsync(context, oidc),
            };
        });
    }

    // From the earliest of issued-at, not-before and now: a token dated ahead cannot shorten its own lifetime.
    private static TimeSpan Lifetime(JsonWebToken token, DateTimeOffset now)
    {
        var from = now.UtcDateTime;
        foreach (var claimed in new[] { token.IssuedAt, token.ValidFrom })
        {
            if (claimed != DateTime.MinValue && claimed < from)
            {
                from = claimed;
            }
        }
        return token.ValidTo - from;
    }

    // Our own tokens name our issuer; anything else goes to the identity provider's validation.
    private static bool IsLocal(HttpContext context)
    {
        var raw = AuthenticationSetup.HubQueryToken(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (raw is null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            raw = header["Bearer ".Length..].Trim();
        }
        var handler = new JsonWebTokenHandler();
        return raw is null || !handler.CanReadToken(raw) || handler.ReadJsonWebToken(raw).Issuer == TokenIssuer.Issuer;
    }

    private static async Task MapToLocalUserAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        // A stolen long-lived token outlives the provider's session and any disabling there: refuse more than a shift.
        if (context.SecurityToken is not JsonWebToken jwt)
        {
            context.Fail("The token is not a JSON web token.");
            return;
        }
        if (Lifetime(jwt, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) > oidc.MaxTokenLifetime)
        {
            context.Fail("The token lives longer than this service accepts.");
            return;
        }
        var token = context.Principal!;
        var subject = token.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var presented = token.FindAll(oidc.RoleClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        var role = RolePrecedence.FirstOrDefault(candidate => presented.Contains(oidc.RoleValues[candidate]));
        if (subject is null || role is null)
        {
            context.Fail("The token grants no role of this service.");
            return;
        }
        var issuer = jwt.Issuer ?? oidc.Authority;
        var username = token.FindFirst(oidc.UsernameClaim)?.Value ?? subject;
        var wards = token.FindAll(oidc.WardClaim).Select(claim => claim.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<DbSession>();
        var local = await services.GetRequiredService<HospitalAccounts>()
            .FindOrCreateAsync(db, $"{issuer}|{subject}", username, role, context.HttpContext.RequestAborted);
        if (local is not { Active: true })
        {
            context.Fail("The account is disabled here.");
            return;
        }
        var sessionId = await services.GetRequiredService<HospitalSessions>().EnsureAsync(db, local.Id, jwt, context.HttpContext.RequestAborted);
        if (await services.GetRequiredService<UserStateCache>().GetAsync(db, local.Id, sessionId, context.HttpContext.RequestAborted) is not { Active: true })
        {
            context.Fail("The session has ended.");
            return;
        }
        // Role and wards come from the identity provider's token; the local row gives the id that charts and audit rows name.
        // Named as its local row ("sso:admin"): in the audit trail a hospital account is never taken for a local one.
        context.Principal = UserPrincipal.From(new UserState(local.Id, HospitalAccounts.LocalName(username), role, wards, true), sessionId, Scheme);
    }
}

/// <summary>
/// A local row for each person who signs in through the identity provider, so that what they chart
/// and what the audit trail records names a user of this service; it can be disabled like any other.
/// </summary>
public sealed class HospitalAccounts(IMemoryCache cache, TimeProvider clock)
{
    private const string Find = "SELECT id AS Id, role AS Role, disabled_at AS DisabledAt FROM users WHERE external_subject = @Subject";
    private const string Insert = """
        INSERT INTO users (id, username, password_hash, role, created_at, external_subject)
        VALUES (@Id, @Username, @PasswordHash, @Role, @CreatedAt, @Subject)
        """;
    private const string UpdateRole = "UPDATE users SET role = @Role WHERE id = @Id";

    public sealed record Account(Guid Id, bool Active);

    public static string LocalName(string username) => $"sso:{username}"[..Math.Min(100, username.Length + 4)];

    public async Task<Account?> FindOrCreateAsync(DbSession session, string subject, string username, string role, CancellationToken cancellationToken)
    {
        var key = ("hospital-account", subject, role);
        if (cache.TryGetValue(key, out Account? known))
        {
            return known;
        }
        var row = await session.QuerySingleOrDefaultAsync<Row>(Find, new { Subject = subject }, cancellationToken);
        if (row is null)
        {
            var id = Guid.CreateVersion7();
            try
            {
                await session.ExecuteAsync(Insert, new
                {
                    Id = id,
                    // "sso:" cannot be a local username, so the two kinds of account never collide.
                    Username = LocalName(username),
                    // Nobody knows this password: the account signs in through the identity provider only.
                    PasswordHash = Passwords.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
                    Role = role,
                    CreatedAt = clock.GetUtcNow(),
                    Subject = subject,
                }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                // Two first requests raced; the other one created it.
            }
            row = await session.QuerySingleOrDefaultAsync<Row>(Find, new { Subject = subject }, cancellationToken);
        }
        else if (row.Role != role)
        {
            await session.ExecuteAsync(UpdateRole, new { row.Id, Role = role }, cancellationToken);
        }
        var account = row is null ? null : new Account(row.Id, row.DisabledAt is null);
        cache.Set(key, account, UserStateCache.MaximumAge);
        return account;
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Role { get; init; } = "";
        public DateTimeOffset? DisabledAt { get; init; }
    }
}
