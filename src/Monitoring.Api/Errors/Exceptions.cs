namespace Monitoring.Api.Errors;

/// <summary>Input that breaks a rule of the contract; carries field -> messages for the problem's <c>errors</c>.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request is well formed but clashes with the current state (bed taken, already discharged, key reused).</summary>
public sealed class ConflictException(string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    /// <summary>What the client needs to resolve the conflict (for example the alerts that block a discharge).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

public sealed class ForbiddenException(string message) : Exception(message);

public sealed class UnauthorizedException(string message) : Exception(message);

/// <summary>Refused for now; the client may try again after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The store cannot take the request now (<see cref="Fault"/> says why); answered 503 with <c>Retry-After</c>.</summary>
public sealed class StoreUnavailableException(Monitoring.Api.Data.StoreFault fault, Exception? cause = null)
    : Exception(fault.Title, cause)
{
    public Monitoring.Api.Data.StoreFault Fault { get; } = fault;
}
