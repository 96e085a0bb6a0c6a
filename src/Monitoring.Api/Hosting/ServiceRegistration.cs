using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.AudioPause;
using Monitoring.Api.Features.Doses;
using Monitoring.Api.Fhir;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Hosting;

public static class ServiceRegistration
{
    /// <summary>Largest JSON body any endpoint accepts; a chart entry is a few hundred bytes.</summary>
    public const long MaximumRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddMonitoringServices(this WebApplicationBuilder builder)
    {
        var database = DatabaseOptions.FromConfiguration(builder.Configuration);
        var services = builder.Services;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaximumRequestBodyBytes);
        builder.AddConnectionLimits();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(WireNames.Policy));
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddIntakeLimit();
        services.AddSingleton<FaultLog>();
        services.AddHostedService(provider => provider.GetRequiredService<FaultLog>());

        services.AddSingleton(TimeProvider.System);
        services.AddMonitoringDatabase(database);
        services.AddScoped<Idempotency>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<PendingAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<PendingAudit>());
        services.AddScoped<AdmissionAccess>();
        services.AddScoped<AdmissionReader>();
        services.AddScoped<ChartReader>();
        services.AddScoped<ChartingEffects>();
        services.AddScoped<WardLookup>();
        services.AddSingleton<WardSettingsCache>();
        services.AddScoped<BoardReader>();
        services.AddAudioPause();
        services.AddScoped<AlertReader>();
        services.AddDoses();
        services.AddScoped<AlertWriter>();
        services.AddFhir();
        services.AddScoped<SweepAlerts>();
        services.AddAlertSafety();
        services.AddScoped<Outbox>();
        services.AddScoped<WardFeed>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<WardBoards>();
        services.AddHostedService<BoardSessionCheck>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<ElapsedTimers>();
        services.AddSingleton<AlertClock>();
        services.AddHostedService(provider => provider.GetRequiredService<AlertClock>());

        var signalR = services.AddSignalR(options =>
            {
                // A dashboard treats 15 s without a word from the service as a dead link (hub.js): ping every 5 s.
                // Ward tablets roam on Wi-Fi: the service allows a longer dropout before it drops a board.
                options.KeepAliveInterval = TimeSpan.FromSeconds(5);
                options.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
                options.HandshakeTimeout = TimeSpan.FromSeconds(15);
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(WireNames.Policy)));
        signalR.AddMonitoringScaleOut(builder.Configuration);

        builder.AddMonitoringSecurity(database);

        // A validator builds (and compiles) its rules when constructed: those that need nothing of the request
        // are built once. The few that read the request's user stay per request.
        services.AddValidatorsFromAssemblyContaining<DbSession>(ServiceLifetime.Singleton, validator => !ReadsTheRequest(validator.ValidatorType), includeInternalTypes: true);
        services.AddValidatorsFromAssemblyContaining<DbSession>(ServiceLifetime.Scoped, validator => ReadsTheRequest(validator.ValidatorType), includeInternalTypes: true);
        services.AddMediator((MediatorOptions options) =>
        {
            // Scoped: handlers hold the request's connection and user.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(TransactionBehaviour<,>)];
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddMonitoringOpenApi();
        services.AddMonitoringTelemetry(builder.Configuration);
        return builder;
    }

    private static bool ReadsTheRequest(Type validator) =>
        validator.GetConstructors().Any(constructor => constructor.GetParameters().Any(parameter => parameter.ParameterType != typeof(TimeProvider)));
}
