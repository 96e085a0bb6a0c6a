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

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
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
                    // Browsers cannot set headers on a WebSocket: SignalR sends the token in the query.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPathPrefix))
                        {
                            context.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = UserPrincipal.ReplaceFromUserTableAsync,
                };
            });
        services.AddMonitoringPolicies();
        return services;
    }
}
