using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/token", IssueTokenAsync).AllowAnonymous();
        group.MapPost("/refresh", RefreshAsync).AllowAnonymous();
        group.MapPost("/logout", SignOutAsync).RequireAuthorization(Policies.AnyRole);
        return app;
    }

    private static async Task<Ok<IssueToken.Response>> IssueTokenAsync(IssueToken.Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command, cancellationToken));

    private static async Task<Ok<IssueToken.Response>> RefreshAsync(RefreshSession.Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command, cancellationToken));

    private static async Task<NoContent> SignOutAsync(IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOut.Command(), cancellationToken);
        return TypedResults.NoContent();
    }
}
