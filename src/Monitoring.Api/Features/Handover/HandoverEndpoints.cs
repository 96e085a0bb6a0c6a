using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Handover;

public static class HandoverEndpoints
{
    public static IEndpointRouteBuilder MapHandoverEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wards/{ward}/handover", GetAsync).WithTags("Handover").RequireAuthorization(Policies.AnyRole);
        return app;
    }

    private static async Task<Ok<GetHandover.HandoverView>> GetAsync(string ward, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetHandover.Query(ward), cancellationToken));
}
