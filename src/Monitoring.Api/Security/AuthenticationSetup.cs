using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

public static class AuthenticationSetup
{
    public const string HubPathPrefix = "/hubs";

    public static IServiceCollection AddMonitoringAuthentication(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var signingKey = SigningKey.Load(configuration, database.DataPath);
        services.AddSingleton(signingKey);
        services.AddSingleton<TokenIssuer>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddMemoryCache();
        services.AddSingleton<UserStateCache>();
        services.AddScoped<Sessions>();
        services.AddSingleton<HospitalAccounts>();

        var oidc = OidcOptions.FromConfiguration(configuration);
        var authentication = services.AddAuthentication(oidc is null ? JwtBearerDefaults.AuthenticationScheme : OidcSetup.SelectorScheme);
        if (oidc is not null)
        {
            authentication.AddHospitalSignOn(oidc);
        }
        authentication
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                // A refused token is refused without saying why (expired when, signed by what).
                options.IncludeErrorDetails = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = signingKey.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "name",
                    RoleClaimType = TokenIssuer.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = HubQueryToken(context.HttpContext) ?? context.Token;
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = UserPrincipal.ReplaceFromUserTableAsync,
                };
            });
        services.AddMonitoringPolicies();
        return services;
    }

    /// <summary>Browsers cannot set headers on a WebSocket: SignalR sends the token in the query, on the hub only.</summary>
    public static string? HubQueryToken(HttpContext context)
    {
        var token = context.Request.Query["access_token"];
        return !string.IsNullOrEmpty(token) && context.Request.Path.StartsWithSegments(HubPathPrefix) ? token.ToString() : null;
    }
}
