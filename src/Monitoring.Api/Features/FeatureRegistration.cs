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

namespace Monitoring.Api.Features;

/// <summary>The use cases: their handlers are found by the Mediator source generator; this adds what they share and maps their endpoints.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddScoped<AdmissionReader>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new SubstanceUseJson()));
        return services;
    }

    public static IEndpointRouteBuilder MapFeatureEndpoints(this IEndpointRouteBuilder app)
    {
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
        return app;
    }
}
