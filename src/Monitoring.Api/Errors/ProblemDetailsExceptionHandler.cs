using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Data;
using Monitoring.Api.Security;
using Monitoring.Api.Telemetry;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Monitoring.Api.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details. Nothing is swallowed: anything
/// unexpected is logged and answered 500 without internals.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ConnectionFactory store, FaultLog faults)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A read's fault reaches here raw; a write's arrives already classified by the transaction.
        if (exception is not StoreUnavailableException && store.Dialect.Fault(exception) is { } fault)
        {
            exception = new StoreUnavailableException(fault, exception);
        }
        var problem = ToProblem(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogOnceThenCount(exception);
        }
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var retryAfter = exception switch
        {
            TooManyRequestsException tooMany => tooMany.RetryAfter,
            StoreUnavailableException unavailable => RetryAfter(unavailable.Fault),
            BrokenCircuitException or TimeoutRejectedException => RetryAfter(StoreFault.Busy),
            _ => (TimeSpan?)null,
        };
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    // A lasting fault is worth a longer wait than a lock that is likely gone in a moment.
    private static TimeSpan RetryAfter(StoreFault fault) => fault.Lasting ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(2);

    private void LogOnceThenCount(Exception exception)
    {
        if (exception is StoreUnavailableException { Fault: var fault } unavailable)
        {
            var cause = unavailable.InnerException?.GetBaseException().Message ?? fault.Title;
            faults.Record($"Requests refused: {fault.Code}", logger => logger.LogError("Requests are answered 503: {Title} Cause: {Cause}. Remedy: {Remedy}.", fault.Title, cause, fault.Remedy));
            return;
        }
        // Unexpected: the first of its kind with its stack, for the fix; repeats counted.
        faults.Record($"Requests failed: {exception.GetType().Name}", logger => logger.LogError(exception, "A request failed unexpectedly"));
    }

    private static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        StoreUnavailableException e => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = e.Fault.ProblemType,
            Title = e.Fault.Title,
            Detail = "Nothing was stored. Try again after the time in Retry-After.",
        },
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
        TooManyRequestsException e => new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Type = "urn:monitoring:problem:too-many-attempts", Title = "Too many attempts.", Detail = e.Message },
        BrokenCircuitException or TimeoutRejectedException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = StoreFault.Busy.ProblemType,
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
