using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;
using Monitoring.Api.Errors;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.Api.Fhir;

/// <summary>
/// Under <c>/fhir</c> every error is an OperationOutcome, not problem details: the service's own exceptions,
/// and the 401/403/404/405 that authentication, authorisation and routing answer with an empty body.
/// </summary>
public sealed class FhirOutcomes(RequestDelegate next, ILogger<FhirOutcomes> logger)
{
    public const string PathPrefix = "/fhir";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, code, message) = Classify(exception);
            if (status >= StatusCodes.Status500InternalServerError)
            {
                logger.LogError(exception, "FHIR request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            context.Response.Clear();
            await WriteAsync(context, status, code, message);
            return;
        }
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
        {
            var status = context.Response.StatusCode;
            await WriteAsync(context, status, status switch
            {
                StatusCodes.Status401Unauthorized => OperationOutcome.IssueType.Login,
                StatusCodes.Status403Forbidden => OperationOutcome.IssueType.Forbidden,
                StatusCodes.Status404NotFound => OperationOutcome.IssueType.NotFound,
                StatusCodes.Status405MethodNotAllowed => OperationOutcome.IssueType.NotSupported,
                _ => OperationOutcome.IssueType.Processing,
            }, status switch
            {
                StatusCodes.Status401Unauthorized => "Sign in: send Authorization: Bearer <token> from POST /api/auth/token.",
                StatusCodes.Status403Forbidden => "Your role may not use this interaction.",
                StatusCodes.Status404NotFound => "No such resource or interaction.",
                StatusCodes.Status405MethodNotAllowed => "This interface is read-only but for bulk export.",
                _ => "The request failed.",
            });
        }
    }

    public static Task WriteAsync(HttpContext context, int status, OperationOutcome.IssueType code, string message) =>
        new FhirResult(Outcome(code, message), status).ExecuteAsync(context);

    public static OperationOutcome Outcome(OperationOutcome.IssueType code, params IEnumerable<string> messages) => new()
    {
        Issue = [.. messages.Select(message => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Diagnostics = message,
        })],
    };

    private static (int Status, OperationOutcome.IssueType Code, string Message) Classify(Exception exception) => exception switch
    {
        FhirSearchException e => (StatusCodes.Status400BadRequest, e.Code, e.Message),
        RequestValidationException e => (StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
            string.Join(" ", e.Errors.SelectMany(field => field.Value.Select(message => $"{field.Key}: {message}")))),
        BadHttpRequestException e => (e.StatusCode, OperationOutcome.IssueType.Invalid, e.Message),
        NotFoundException e => (StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, e.Message),
        ForbiddenException e => (StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, e.Message),
        UnauthorizedException e => (StatusCodes.Status401Unauthorized, OperationOutcome.IssueType.Login, e.Message),
        ConflictException e => (StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, e.Message),
        BrokenCircuitException or TimeoutRejectedException => (StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient,
            "The database is not answering. Try again shortly."),
        _ => (StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception, "An unexpected error occurred."),
    };
}

/// <summary>A search the interface does not understand (FHIR's strict handling): a 400 with an OperationOutcome.</summary>
public sealed class FhirSearchException(string message, OperationOutcome.IssueType code = OperationOutcome.IssueType.Invalid) : Exception(message)
{
    public OperationOutcome.IssueType Code { get; } = code;

    public static FhirSearchException NotSupported(string message) => new(message, OperationOutcome.IssueType.NotSupported);
}
