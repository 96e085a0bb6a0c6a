using System.Text.Json.Serialization;
using Mediator;

namespace Monitoring.Api.Pipeline;

/// <summary>
/// A command that changes data: it runs in one database transaction (with retry on transient faults)
/// and may carry the client's <c>Idempotency-Key</c>.
/// </summary>
public interface IWriteCommand<out TResponse> : ICommand<TResponse>
{
    [JsonIgnore]
    string? IdempotencyKey { get; }
}
