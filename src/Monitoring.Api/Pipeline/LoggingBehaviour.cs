using System.Diagnostics;
using Mediator;

namespace Monitoring.Api.Pipeline;

/// <summary>Names every message handled and flags slow ones: a slow charting call is a clinical risk.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromSeconds(1);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowThreshold)
        {
            logger.LogWarning("{Message} took {Elapsed} ms", typeof(TMessage).FullName, elapsed.TotalMilliseconds);
        }
        else
        {
            logger.LogDebug("{Message} took {Elapsed} ms", typeof(TMessage).FullName, elapsed.TotalMilliseconds);
        }
        return response;
    }
}
