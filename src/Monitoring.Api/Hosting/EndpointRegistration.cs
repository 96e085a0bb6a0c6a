using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Monitoring.Api.Features;
using Monitoring.Api.Fhir;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Hosting;

public static class EndpointRegistration
{
    public static WebApplication UseMonitoringPipeline(this WebApplication app)
    {
        app.UseMonitoringSecurity();
        app.UseExceptionHandler();
        app.UseIntakeLimit();
        app.UseStatusCodePages();
        app.UseFhirOutcomes();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapMonitoringEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapFeatureEndpoints();
        app.MapFhirEndpoints();
        app.MapMonitoringOpenApi();
        app.MapRealtime();
        return app;
    }
}
