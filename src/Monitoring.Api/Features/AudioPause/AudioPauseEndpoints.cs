using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.AudioPause;

public static class AudioPauseEndpoints
{
    public static IEndpointRouteBuilder MapAudioPauseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/wards/{ward}/audio-pause", PauseAsync).WithTags("Wards").RequireAuthorization(Policies.Clinician);
        return app;
    }

    private static async Task<Created<AudioPauseView>> PauseAsync(
        string ward,
        PauseAudio.Body body,
        [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var pause = await mediator.Send(new PauseAudio.Command(ward, body.Reason) { IdempotencyKey = idempotencyKey }, cancellationToken);
        return TypedResults.Created($"/api/wards/{ward}/audio-pause", pause);
    }
}
