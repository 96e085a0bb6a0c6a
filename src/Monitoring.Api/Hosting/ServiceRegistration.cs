using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Features;
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
        services.AddSingleton<SharedRedis>();
        services.AddMonitoringDatabase(database);
        services.AddScoped<Idempotency>();
        services.AddAudit();
        DescribedScales.RegisterFrom(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddCharting();
        services.AddFeatures();
        services.AddFhir();
        services.AddRealtime(builder.Configuration);

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
