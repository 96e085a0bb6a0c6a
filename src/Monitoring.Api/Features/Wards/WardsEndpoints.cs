using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Wards;

public static class WardsEndpoints
{
    public static IEndpointRouteBuilder MapWardsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/wards").WithTags("Wards");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administration);
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.AnyRole);
        group.MapGet("/{ward}/board", BoardAsync).RequireAuthorization(Policies.AnyRole);
        group.MapGet("/{ward}/my-beds", MyBedsAsync).RequireAuthorization(Policies.Clinician);
        group.MapGet("/{ward}/census", CensusAsync).RequireAuthorization(Policies.AnyRole);
        group.MapGet("/{ward}/settings", SettingsAsync).RequireAuthorization(Policies.AnyRole);
        group.MapPut("/{ward}/settings", ChangeSettingsAsync).RequireAuthorization(Policies.Administration);
        return app;
    }

    private static async Task<Created<CreateWard.Response>> CreateAsync(
        CreateWard.Command command,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var ward = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/wards/{ward.Code}", ward);
    }

    private static async Task<Ok<IReadOnlyList<ListWards.WardSummary>>> ListAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListWards.Query(), cancellationToken));

    private static async Task<Ok<BoardView>> BoardAsync(string ward, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetBoard.Query(ward), cancellationToken));

    private static async Task<Ok<GetMyBeds.MyBedsView>> MyBedsAsync(string ward, int? hours, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetMyBeds.Query(ward, hours), cancellationToken));

    private static async Task<Ok<GetCensus.CensusView>> CensusAsync(string ward, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetCensus.Query(ward), cancellationToken));

    private static async Task<Ok<WardSettings>> SettingsAsync(string ward, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new WardSettingsFeature.Get(ward), cancellationToken));

    private static async Task<Ok<WardSettings>> ChangeSettingsAsync(
        string ward,
        WardSettings settings,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new WardSettingsFeature.Change(ward, settings) { IdempotencyKey = idempotencyKey }, cancellationToken));
}
