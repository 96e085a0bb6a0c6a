using Monitoring.Api.Fhir.Export;
using Monitoring.Api.Fhir.Sources;
using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir;

public static class FhirRegistration
{
    public static IServiceCollection AddFhir(this IServiceCollection services)
    {
        services.AddSingleton<FhirCanon>();
        services.AddScoped(provider => FhirScope.For(provider.GetRequiredService<CurrentUser>()));
        services.AddScoped<FhirAudit>();
        services.AddScoped<PatientSource>();
        services.AddScoped<EncounterSource>();
        services.AddScoped<ObservationSource>();
        services.AddScoped<MedicationAdministrationSource>();
        services.AddScoped<FlagSource>();
        services.AddScoped<FhirSources>();
        services.AddSingleton<IFhirOperation, EverythingOperation>();
        services.AddSingleton<IFhirOperation, ExportOperation>();
        services.AddSingleton<ExportFiles>();
        services.AddSingleton<ExportSignal>();
        services.AddScoped<ExportRunner>();
        services.AddHostedService<ExportWorker>();
        return services;
    }

    /// <summary>Errors under <c>/fhir</c> as OperationOutcome: placed before authentication so that its 401 and 403 are caught too.</summary>
    public static IApplicationBuilder UseFhirOutcomes(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(FhirOutcomes.PathPrefix), branch => branch.UseMiddleware<FhirOutcomes>());
}
