using System.Diagnostics;
using Mediator;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Telemetry;
using Polly.Registry;

namespace Monitoring.Api.Pipeline;

/// <summary>
/// Wraps a write command in one transaction, retried whole on transient faults. The idempotency
/// record commits in the same transaction as the write, so a 201 and its replay can never disagree.
/// The whole unit, retries included, is the span <c>monitoring.transaction &lt;Command&gt;</c>, child of the
/// request's span; the ward events it writes carry this span's context to their dispatch.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(
    DbSession session,
    Idempotency idempotency,
    ResiliencePipelineProvider<string> pipelines,
    StoreHealth store,
    MonitoringTelemetry telemetry)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IWriteCommand<TResponse>
{
    // "RecordVitals.Command", "ChangeAlert.Acknowledge": the slice and the message, never data.
    private static readonly string CommandName = typeof(TMessage).DeclaringType is { } slice ? $"{slice.Name}.{typeof(TMessage).Name}" : typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // While the store has a lasting fault, one write probes it and the others are answered at once.
        if (store.TryEnter(out var probe) is { } refused)
        {
            throw new StoreUnavailableException(refused);
        }
        try
        {
            var response = await WriteAsync(message, next, cancellationToken);
            store.Succeeded();
            return response;
        }
        catch (Exception exception) when (session.Dialect.Fault(exception) is { } fault)
        {
            store.Failed(fault);
            throw new StoreUnavailableException(fault, exception);
        }
        finally
        {
            store.Leave(probe);
        }
    }

    private async ValueTask<TResponse> WriteAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = MonitoringTelemetry.Source.StartActivity(MonitoringTelemetry.TransactionSpanPrefix + CommandName);
        activity?.SetTag(MonitoringTelemetry.Tags.Command, CommandName);
        var attempts = 0;
        var pipeline = pipelines.GetPipeline(DatabaseResilience.PipelineName);
        try
        {
            try
            {
                return await pipeline.ExecuteAsync(async ct => await RunOnceAsync(message, next, activity, ++attempts, ct), cancellationToken);
            }
            catch (IdempotencyRaceException)
            {
                // The winner has committed: this run finds its record and replays it.
                return await pipeline.ExecuteAsync(async ct => await RunOnceAsync(message, next, activity, ++attempts, ct), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is RequestValidationException or NotFoundException or ConflictException or ForbiddenException or UnauthorizedException)
        {
            // Answered 4xx and nothing stored: the service did its job, the span is not an error.
            activity?.SetTag(MonitoringTelemetry.Tags.Outcome, "refused");
            throw;
        }
        catch (Exception exception)
        {
            activity?.SetTag(MonitoringTelemetry.Tags.Outcome, "failed");
            activity?.SetTag(MonitoringTelemetry.Tags.ErrorType, exception.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            activity?.SetTag(MonitoringTelemetry.Tags.Attempts, attempts);
        }
    }

    private async ValueTask<TResponse> RunOnceAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, Activity? activity, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            if (attempt > 1)
            {
                activity?.AddEvent(new ActivityEvent("retry"));
            }
            var statementsBefore = session.Statements;
            await session.BeginAsync(cancellationToken);
            if (message.IdempotencyKey is { } key && await ReplayAsync(key, message, cancellationToken) is { } replay)
            {
                // Committing nothing still waits for the batch that may hold the original: a replay is never ahead of durability.
                await session.CommitAsync(cancellationToken);
                activity?.SetTag(MonitoringTelemetry.Tags.Outcome, "replayed");
                return replay.Response;
            }

            var response = await next(message, cancellationToken);
            if (message.IdempotencyKey is { } newKey)
            {
                await idempotency.RememberAsync(newKey, message, response, cancellationToken);
            }
            await session.CommitAsync(cancellationToken);
            telemetry.WriteCommitted(typeof(TMessage), session.Statements - statementsBefore);
            activity?.SetTag(MonitoringTelemetry.Tags.Outcome, "committed");
            session.RaiseCommitted();
            return response;
        }
        catch
        {
            await session.AbandonAsync();
            throw;
        }
    }

    // A key already used for another request may belong to a batch not yet durable: refuse only once it is.
    private async Task<Replay<TResponse>?> ReplayAsync(string key, TMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await idempotency.ReplayAsync<TMessage, TResponse>(key, message, cancellationToken);
        }
        catch (ConflictException)
        {
            await session.CommitAsync(cancellationToken);
            throw;
        }
    }
}
