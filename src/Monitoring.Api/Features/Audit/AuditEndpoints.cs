using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ReadAsync).WithTags("Audit").RequireAuthorization(Policies.Administration);
        return app;
    }

    private static async Task<Ok<ReadAuditTrail.Page>> ReadAsync(
        string? user,
        Guid? admissionId,
        string? action,
        string? outcome,
        DateTimeOffset? since,
        DateTimeOffset? until,
        long? before,
        int? limit,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ReadAuditTrail.Query(user, admissionId, action, outcome, since, until, before, limit), cancellationToken));
}
