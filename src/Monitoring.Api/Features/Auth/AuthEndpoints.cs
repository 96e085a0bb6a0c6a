using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Monitoring.Api.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/token", IssueTokenAsync);
        return app;
    }

    private static async Task<Ok<IssueToken.Response>> IssueTokenAsync(IssueToken.Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command, cancellationToken));
}
