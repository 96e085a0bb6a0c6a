using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Monitor;

public static class MonitorEndpoints
{
    public static IEndpointRouteBuilder MapMonitorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admissions/{id:guid}/monitor").WithTags("Monitor").RequireAuthorization(Policies.Clinician);
        group.MapGet("/", GetAsync);
        group.MapGet("/latest", LatestAsync);
        return app;
    }

    private static async Task<Ok<GetMonitor.MonitorView>> GetAsync(
        Guid id,
        DateTimeOffset? since,
        DateTimeOffset? until,
        string? resolution,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetMonitor.Query(id, since, until, resolution), cancellationToken));

    private static async Task<Ok<GetLatestMonitorValues.LatestView>> LatestAsync(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetLatestMonitorValues.Query(id), cancellationToken));
}
