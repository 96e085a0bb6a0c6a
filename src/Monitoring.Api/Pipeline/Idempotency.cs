using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;

namespace Monitoring.Api.Pipeline;

public sealed record Replay<TResponse>(TResponse Response);

public sealed class IdempotencyRaceException() : Exception("A concurrent request with the same idempotency key committed first.");

/// <summary>
/// Remembers, per user and <c>Idempotency-Key</c>, the request's fingerprint and the response it got.
/// The same key with the same request replays the response; with another request it is a conflict.
/// </summary>
public sealed class Idempotency(DbSession session, CurrentUser user, TimeProvider clock, IOptions<JsonOptions> json)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaximumKeyLength = 200;

    private const string Find = """
        SELECT request_hash AS RequestHash, response AS Response
        FROM idempotency_keys
        WHERE user_id = @UserId AND idempotency_key = @Key
        """;

    private const string Insert = """
        INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, response, created_at)
        VALUES (@UserId, @Key, @RequestHash, @Response, @CreatedAt)
        """;

    private JsonSerializerOptions Options => json.Value.SerializerOptions;

    public async Task<Replay<TResponse>?> ReplayAsync<TMessage, TResponse>(string key, TMessage message, CancellationToken cancellationToken)
    {
        if (key.Length is 0 or > MaximumKeyLength)
        {
            throw RequestValidationException.For(HeaderName, $"An {HeaderName} has 1 to {MaximumKeyLength} characters.");
        }
        var stored = await session.QuerySingleOrDefaultAsync<StoredResponse>(Find, new { UserId = user.Id, Key = key }, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        if (stored.RequestHash != Fingerprint(message))
        {
            throw new ConflictException($"{HeaderName} '{key}' was already used for a different request.");
        }
        return new Replay<TResponse>(JsonSerializer.Deserialize<TResponse>(stored.Response, Options)!);
    }

    public async Task RememberAsync<TMessage, TResponse>(string key, TMessage message, TResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync(Insert, new
            {
                UserId = user.Id,
                Key = key,
                RequestHash = Fingerprint(message),
                Response = JsonSerializer.Serialize(response, Options),
                CreatedAt = clock.GetUtcNow(),
            }, cancellationToken);
        }
        catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // A concurrent request with the same key committed first; this attempt must roll back and replay it.
            throw new IdempotencyRaceException();
        }
    }

    // The key itself is not part of what the client asked for.
    private string Fingerprint<TMessage>(TMessage message)
    {
        var node = JsonSerializer.SerializeToNode(message, Options)!.AsObject();
        node.Remove("idempotencyKey");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(typeof(TMessage).FullName + node.ToJsonString(Options))));
    }

    private sealed record StoredResponse
    {
        public string RequestHash { get; init; } = "";
        public string Response { get; init; } = "";
    }
}
