using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.Reports;

public static class ReportsEndpoints
{
    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/wards/{ward}/reports").WithTags("Reports").RequireAuthorization(Policies.Reporting);
        group.MapGet("/response", ResponseAsync);
        group.MapGet("/alert-load", AlertLoadAsync);
        group.MapGet("/observations", ObservationsAsync);
        return app;
    }

    private static async Task<Results<Ok<ResponseReport.Report>, FileContentHttpResult>> ResponseAsync(
        string ward, string? since, string? until, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var report = await mediator.Send(new ResponseReport.Query(ward, since, until), cancellationToken);
        return ReportCsv.Wanted(request) ? ReportCsv.File(report.Rows, $"{ward}-response.csv") : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<AlertLoadReport.Report>, FileContentHttpResult>> AlertLoadAsync(
        string ward, string? since, string? until, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var report = await mediator.Send(new AlertLoadReport.Query(ward, since, until), cancellationToken);
        return ReportCsv.Wanted(request) ? ReportCsv.File(report.Rows, $"{ward}-alert-load.csv") : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<ObservationReport.Report>, FileContentHttpResult>> ObservationsAsync(
        string ward, string? since, string? until, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var report = await mediator.Send(new ObservationReport.Query(ward, since, until), cancellationToken);
        return ReportCsv.Wanted(request) ? ReportCsv.File(report.Rows, $"{ward}-observations.csv") : TypedResults.Ok(report);
    }
}
