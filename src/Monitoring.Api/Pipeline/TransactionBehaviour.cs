using Mediator;
using Monitoring.Api.Data;
using Monitoring.Api.Telemetry;
using Polly.Registry;

namespace Monitoring.Api.Pipeline;

/// <summary>
/// Wraps a write command in one transaction, retried whole on transient faults. The idempotency
/// record commits in the same transaction as the write, so a 201 and its replay can never disagree.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(
    DbSession session,
    Idempotency idempotency,
    ResiliencePipelineProvider<string> pipelines,
    MonitoringTelemetry telemetry)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IWriteCommand<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(DatabaseResilience.PipelineName);
        try
        {
            return await pipeline.ExecuteAsync(async ct => await RunOnceAsync(message, next, ct), cancellationToken);
        }
        catch (IdempotencyRaceException)
        {
            // The winner has committed: this run finds its record and replays it.
            return await pipeline.ExecuteAsync(async ct => await RunOnceAsync(message, next, ct), cancellationToken);
        }
    }

    private async ValueTask<TResponse> RunOnceAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            var statementsBefore = session.Statements;
            await session.BeginAsync(cancellationToken);
            if (message.IdempotencyKey is { } key && await idempotency.ReplayAsync<TMessage, TResponse>(key, message, cancellationToken) is { } replay)
            {
                // Committing nothing still waits for the batch that may hold the original: a replay is never ahead of durability.
                await session.CommitAsync(cancellationToken);
                return replay.Response;
            }

            var response = await next(message, cancellationToken);
            if (message.IdempotencyKey is { } newKey)
            {
                await idempotency.RememberAsync(newKey, message, response, cancellationToken);
            }
            await session.CommitAsync(cancellationToken);
            telemetry.WriteCommitted(typeof(TMessage), session.Statements - statementsBefore);
            session.RaiseCommitted();
            return response;
        }
        catch
        {
            await session.AbandonAsync();
            throw;
        }
    }
}
