using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Timeline;

public static class TimelineEndpoints
{
    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admissions/{id:guid}/timeline", GetAsync).WithTags("Timeline").RequireAuthorization(Policies.Clinician);
        return app;
    }

    private static async Task<Ok<GetTimeline.TimelineView>> GetAsync(
        Guid id,
        DateTimeOffset? since,
        DateTimeOffset? until,
        int? limit,
        string? cursor,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetTimeline.Query(id, since, until, limit, cursor), cancellationToken));
}
