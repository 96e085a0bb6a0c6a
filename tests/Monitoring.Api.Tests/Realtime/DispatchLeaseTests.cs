using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>The outbox dispatch lease on a real database: one holder at a time, taken over when it lapses.</summary>
[TestFixture(Store.Sqlite)]
[TestFixture(Store.SqlServer)]
public sealed class DispatchLeaseTests(Store store)
{
    private string _dataPath = null!;
    private ConnectionFactory _factory = null!;

    [OneTimeSetUp]
    public void Migrate()
    {
        StoreRequirements.RequireAvailable(store);
        _dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Monitoring:DataPath"] = _dataPath };
        if (store == Store.SqlServer)
        {
            settings[DatabaseOptions.ProviderKey] = "sqlserver";
            settings["ConnectionStrings:Monitoring"] = new SqlConnectionStringBuilder(StoreSettings.SqlServerConnectionString) { InitialCatalog = $"monitoring_test_{Guid.NewGuid():N}" }.ConnectionString;
        }
        var options = DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _factory = ConnectionFactory.Create(options);
        DapperTypeHandlers.Register(_factory);
        Migrations.Apply(_factory, NullLogger.Instance);
    }

    [OneTimeTearDown]
    public async Task Remove()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (Directory.Exists(_dataPath))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [SetUp]
    public async Task Vacate()
    {
        await using var session = new DbSession(_factory);
        await session.ExecuteAsync("UPDATE dispatch_leases SET holder = NULL, expires_at = 0 WHERE name = 'outbox'", null, CancellationToken.None);
    }

    [Test]
    public async Task Only_one_instance_holds_the_lease()
    {
        var first = Lease("first");
        var second = Lease("second");

        Assert.That(await first.HoldAsync(CancellationToken.None), Is.True);
        Assert.That(await second.HoldAsync(CancellationToken.None), Is.False);
        Assert.That(await first.HoldAsync(CancellationToken.None), Is.True, "the holder keeps it while it renews");
    }

    [Test]
    public async Task A_lapsed_lease_is_taken_over_and_its_old_holder_learns_it_lost()
    {
        var dead = Lease("dead", seconds: 1);
        var survivor = Lease("survivor", seconds: 1);
        Assert.That(await dead.HoldAsync(CancellationToken.None), Is.True);
        var held = System.Diagnostics.Stopwatch.StartNew();
        var generation = await GenerationAsync();

        // The lease lapses on the database's clock, which no test clock moves: the survivor asks until it has it.
        Assert.That(await survivor.HoldAsync(CancellationToken.None), Is.False, "not before it lapses");
        while (!await survivor.HoldAsync(CancellationToken.None))
        {
            Assert.That(held.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "the lapsed lease was not taken over within 3 s");
            await Task.Delay(50);
        }
        Assert.That(held.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "not taken over before its 1 s lapsed");
        Assert.That(await GenerationAsync(), Is.EqualTo(generation + 1));
        Assert.That(await dead.HoldAsync(CancellationToken.None), Is.False, "a holder that wakes up late stops dispatching");
    }

    [Test]
    public async Task A_restarted_instance_takes_its_own_lease_back_at_once()
    {
        Assert.That(await Lease("ward-server-1").HoldAsync(CancellationToken.None), Is.True);

        Assert.That(await Lease("ward-server-1").HoldAsync(CancellationToken.None), Is.True);
        Assert.That(await Lease("ward-server-2").HoldAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task A_released_lease_is_taken_over_at_once()
    {
        var stopping = Lease("stopping");
        var other = Lease("other");
        Assert.That(await stopping.HoldAsync(CancellationToken.None), Is.True);

        await stopping.ReleaseAsync(CancellationToken.None);

        Assert.That(await other.HoldAsync(CancellationToken.None), Is.True);
    }

    private DispatchLease Lease(string instance, double seconds = 5) => new(
        _factory,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DispatchLease.InstanceNameKey] = instance,
            [DispatchLease.DurationKey] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build(),
        NullLogger<DispatchLease>.Instance);

    private async Task<long> GenerationAsync()
    {
        await using var session = new DbSession(_factory);
        return await session.ExecuteScalarAsync<long>("SELECT generation FROM dispatch_leases WHERE name = 'outbox'", null, CancellationToken.None);
    }
}
