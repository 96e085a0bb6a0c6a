using StackExchange.Redis;

namespace Monitoring.Api.Hosting;

/// <summary>
/// The instance's one connection to Redis (<c>Monitoring:Redis</c>), multiplexed by the outbox wake-up, the
/// ward-event relay and the sign-in throttle. Redis away must never hold up the ward: the first use waits at most
/// the connect timeout, and commands then fail at once (each user falls back: the poll, the instance's own boards,
/// the instance's own throttle counts) until the connection heals by itself.
/// </summary>
public sealed class SharedRedis(IConfiguration configuration) : IAsyncDisposable
{
    public const string ConfigurationKey = "Monitoring:Redis";

    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration[ConfigurationKey]!);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 2000;
        return ConnectionMultiplexer.Connect(options);
    });

    public static bool IsConfigured(IConfiguration configuration) => configuration[ConfigurationKey] is { Length: > 0 };

    public ConnectionMultiplexer Connection => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await _connection.Value.DisposeAsync();
        }
    }
}
