using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Users;

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Administration);
        group.MapPost("/", CreateAsync);
        group.MapPost("/{id:guid}/disable", DisableAsync);
        group.MapPost("/{id:guid}/unlock", UnlockAsync);
        // Every signed-in user may change their own password: mapped outside the admin group.
        app.MapPost("/api/users/me/password", ChangePasswordAsync).WithTags("Users").RequireAuthorization(Policies.AnyRole);
        return app;
    }

    private static async Task<Created<CreateUser.Response>> CreateAsync(
        CreateUser.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var user = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<NoContent> DisableAsync(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DisableUser.Command(id), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnlockAsync(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new UnlockUser.Command(id), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePasswordAsync(ChangePassword.Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(command, cancellationToken);
        return TypedResults.NoContent();
    }
}
