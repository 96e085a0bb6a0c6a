using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using Dapper;

namespace Monitoring.Api.Data;

/// <summary>
/// Dapper's handlers for the types some engines lack (GUID, offset time, date): writing asks the provider
/// that owns the parameter how to bind it; reading accepts what either engine returns.
/// </summary>
public static class DapperTypeHandlers
{
    private static readonly ConcurrentDictionary<Type, ConnectionFactory> Providers = new();
    private static int _registered;

    public static void Register(ConnectionFactory provider)
    {
        Providers.TryAdd(provider.ParameterType, provider);
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private static ConnectionFactory ProviderOf(IDbDataParameter parameter) =>
        Providers.TryGetValue(parameter.GetType(), out var provider)
            ? provider
            : throw new InvalidOperationException($"No database provider binds {parameter.GetType().Name}.");

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value) => ProviderOf(parameter).Bind(parameter, value);

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.Parse(text),
            byte[] bytes => new Guid(bytes),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a Guid."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => ProviderOf(parameter).Bind(parameter, value);

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string text => StoredTime.Parse(text),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateTimeOffset."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => ProviderOf(parameter).Bind(parameter, value);

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dt => DateOnly.FromDateTime(dt),
            string text => DateOnly.Parse(text, CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateOnly."),
        };
    }
}
