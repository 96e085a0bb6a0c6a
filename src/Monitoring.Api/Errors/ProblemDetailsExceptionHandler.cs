using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Security;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Monitoring.Api.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details. Nothing is swallowed: anything
/// unexpected is logged and answered 500 without internals.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is TooManyRequestsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(tooMany.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        RequestValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = "Correct the fields listed in errors; nothing was stored.",
        },
        BadHttpRequestException { InnerException: JsonException json } => UnreadableJson(json),
        BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = TitleFor(e.StatusCode), Detail = e.Message },
        NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = e.Message },
        ConflictException e => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict with the current state.",
            Detail = e.Message,
            Extensions = e.Extensions.ToDictionary(),
        },
        ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = e.Message },
        UnauthorizedException e => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized.", Detail = e.Message },
        TooManyRequestsException e => new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many attempts.", Detail = e.Message },
        BrokenCircuitException or TimeoutRejectedException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is not answering.",
            Detail = "Nothing was stored. Try again shortly.",
        },
        _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
    };

    private static HttpValidationProblemDetails UnreadableJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json switch
            {
                UnsafeTextException unsafeText => unsafeText.Message,
                _ when json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "This field appears more than once in the body: send each field once.",
                _ => $"The value could not be read{(json.LineNumber is null ? "" : $" (line {json.LineNumber + 1})")}: check its type and format.",
            }],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
            Detail = "Nothing was stored.",
        };
    }

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ => "Bad request.",
    };
}
