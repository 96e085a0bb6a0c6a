namespace Monitoring.Api.Audit;

public static class AuditRegistration
{
    /// <summary>The audit trail: written in the request's transaction, or queued when the request has none.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditTrail>();
        services.AddSingleton<PendingAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<PendingAudit>());
        return services;
    }
}
