using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Features.Assessments;
using Monitoring.Api.Features.AudioPause;
using Monitoring.Api.Features.Audit;
using Monitoring.Api.Features.Auth;
using Monitoring.Api.Features.Doses;
using Monitoring.Api.Features.Handover;
using Monitoring.Api.Features.Monitor;
using Monitoring.Api.Features.Observations;
using Monitoring.Api.Features.Reports;
using Monitoring.Api.Features.Timeline;
using Monitoring.Api.Features.Users;
using Monitoring.Api.Features.Wards;
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
        app.MapAuthEndpoints();
        app.MapUsersEndpoints();
        app.MapAuditEndpoints();
        app.MapWardsEndpoints();
        app.MapAdmissionsEndpoints();
        app.MapObservationsEndpoints();
        app.MapAssessmentsEndpoints();
        app.MapDosesEndpoints();
        app.MapTimelineEndpoints();
        app.MapMonitorEndpoints();
        app.MapAlertsEndpoints();
        app.MapReportsEndpoints();
        app.MapHandoverEndpoints();
        app.MapAudioPauseEndpoints();
        app.MapVitalsPreview();
        app.MapObservationsNotDone();
        app.MapFhirEndpoints();
        app.MapMonitoringOpenApi();
        app.MapHub<WardHub>(WardHub.Path, options =>
        {
            // Stateful reconnect replays messages lost in a brief drop; the sequence catch-up covers everything else.
            options.AllowStatefulReconnects = true;
            // A dashboard whose sign-in has expired stops receiving patient data until it signs in again.
            options.CloseOnAuthenticationExpiration = true;
        });
        return app;
    }
}
