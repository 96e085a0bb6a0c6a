using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Assessments;

public static class AssessmentsEndpoints
{
    /// <summary><c>POST /api/admissions/{id}/{kind}</c> and its <c>/preview</c> for every scale described, and <c>GET /api/scales</c>.</summary>
    public static IEndpointRouteBuilder MapAssessmentsEndpoints(this IEndpointRouteBuilder app)
    {
        var admissions = app.MapGroup("/api/admissions/{id:guid}").WithTags("Charting");
        foreach (var scale in AssessmentScales.All)
        {
            var kind = scale.Kind;
            admissions.MapPost("/" + kind, (Guid id, RecordAssessment.Body body, [FromHeader(Name = Idempotency.HeaderName)] string? idempotencyKey, IMediator mediator, CancellationToken cancellationToken) =>
                    RecordAsync(id, kind, body, idempotencyKey, mediator, cancellationToken))
                .WithName("Record-" + kind)
                .RequireAuthorization(Policies.Charting);
            admissions.MapPost("/" + kind + "/preview", (Guid id, RecordAssessment.Body body, IMediator mediator, CancellationToken cancellationToken) =>
                    PreviewAsync(id, kind, body, mediator, cancellationToken))
                .WithName("Preview-" + kind)
                .RequireAuthorization(Policies.Charting);
        }
        app.MapGet("/api/scales", GetScales).WithTags("Scales").RequireAuthorization();
        return app;
    }

    private static async Task<Created<RecordAssessment.Response>> RecordAsync(
        Guid id, string kind, RecordAssessment.Body body, string? idempotencyKey, IMediator mediator, CancellationToken cancellationToken)
    {
        var command = new RecordAssessment.Command(id, kind, body.ObservedAt, body.Items, body.Beside, body.Note) { IdempotencyKey = idempotencyKey };
        var recorded = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/api/admissions/{id}/timeline#{recorded.Id}", recorded);
    }

    private static async Task<Ok<PreviewAssessment.Response>> PreviewAsync(Guid id, string kind, RecordAssessment.Body body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PreviewAssessment.Query(new RecordAssessment.Command(id, kind, body.ObservedAt, body.Items, body.Beside, body.Note)), cancellationToken));

    private static Ok<ScaleCatalogue.View> GetScales() => TypedResults.Ok(ScaleCatalogue.Describe());
}
