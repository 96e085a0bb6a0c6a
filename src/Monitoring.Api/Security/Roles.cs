namespace Monitoring.Api.Security;

public static class Roles
{
    public const string Nurse = "nurse";
    public const string Physician = "physician";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Nurse, Physician, Manager, Admin];

    /// <summary>Managers and admins oversee every ward; nurses and physicians only those assigned.</summary>
    public static bool SeesAllWards(string role) => role is Manager or Admin;
}

/// <summary>Authorisation policies by the work a role does, named for the endpoint groups.</summary>
public static class Policies
{
    public const string AnyRole = "any-role";
    public const string Charting = "charting";
    public const string Clinician = "clinician";
    public const string Administration = "administration";
    public const string Reporting = "reporting";

    public static IServiceCollection AddMonitoringPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(AnyRole, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Charting, policy => policy.RequireRole(Roles.Nurse))
            .AddPolicy(Clinician, policy => policy.RequireRole(Roles.Nurse, Roles.Physician))
            .AddPolicy(Administration, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Reporting, policy => policy.RequireRole(Roles.Manager, Roles.Physician))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build());
        return services;
    }
}
