using System.Diagnostics.Metrics;

namespace Monitoring.Api.Data;

/// <summary>
/// The SQLite writer's instruments, on a meter the host's factory owns (each service, and each test's service, its
/// own). They say where ingest's limit is: how long writers wait for the single writer's turn and hold it, how many
/// writes one commit carries, and how many commits one fsync covers.
/// </summary>
public sealed class DatabaseMeters
{
    public DatabaseMeters(IMeterFactory meters)
    {
        var meter = meters.Create("Monitoring", "1.0");
        BatchWrites = meter.CreateHistogram<int>("monitoring.db.batch.writes", "{write}", "Writes committed together by one SQLite commit (group commit).");
        TurnWait = meter.CreateHistogram<double>("monitoring.db.turn.wait", "s", "Time a writer waited for the single writer's turn.");
        TurnHeld = meter.CreateHistogram<double>("monitoring.db.turn.held", "s", "Time a writer held the single writer's turn, its commit included.");
        CommitsPerSync = meter.CreateHistogram<long>("monitoring.db.sync.commits", "{commit}", "Commits made durable by one fsync of the SQLite WAL (group commit).");
    }

    public Histogram<int> BatchWrites { get; }

    public Histogram<double> TurnWait { get; }

    public Histogram<double> TurnHeld { get; }

    public Histogram<long> CommitsPerSync { get; }
}
