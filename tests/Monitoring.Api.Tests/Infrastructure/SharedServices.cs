using System.Collections.Concurrent;
using Monitoring.Api.Tests.Infrastructure;

// The assembly's root namespace: a set-up fixture's tear-down runs only after the tests of its namespace.
namespace Monitoring.Api.Tests;

/// <summary>One running service per store for the whole test run; each test makes its own ward and patients.</summary>
[SetUpFixture]
public sealed class SharedServices
{
    private static readonly ConcurrentDictionary<Store, Lazy<Task<ServiceProcess>>> Services = new();

    public static Task<ServiceProcess> GetAsync(Store store) =>
        Services.GetOrAdd(store, s => new Lazy<Task<ServiceProcess>>(() => ServiceProcess.StartAsync(s, environment: SharedSettings))).Value;

    // Every test of the run refuses anonymous requests from 127.0.0.1 and counts their audit rows: the
    // per-address cap on those rows is tested on a service of its own (AnonymousRefusalAuditTests).
    private static readonly Dictionary<string, string> SharedSettings = new() { ["Monitoring__Audit__AnonymousRefusalsPerMinute"] = "100000" };

    [OneTimeTearDown]
    public async Task StopAll()
    {
        foreach (var service in Services.Values.Where(lazy => lazy.IsValueCreated))
        {
            await (await service.Value).DisposeAsync();
        }
    }
}
