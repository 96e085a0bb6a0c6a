using System.Diagnostics.Metrics;

namespace Monitoring.Api.Data;

/// <summary>
/// Makes the group writer's commits durable outside its turn. The writer's connection commits with
/// synchronous=NORMAL (its commits reach the WAL file but are not synced); every writer then waits
/// here for an fsync of the WAL that began after its commit. One fsync covers every commit made
/// before it began, so while one runs the next batch executes, and the commits made meanwhile share
/// the following fsync. The guarantee is synchronous=FULL's: nobody is answered before their commit
/// is on disk. After a failed fsync nothing is durable any more (the kernel may have dropped the dirty
/// pages): every later wait fails and the group writer refuses new turns until the service restarts.
/// </summary>
public sealed class WalSync(Action flushToDisk)
{
    private static readonly Meter Meter = new("Monitoring", "1.0");
    private static readonly Histogram<long> CommitsPerSync =
        Meter.CreateHistogram<long>("monitoring.db.sync.commits", "{commit}", "Commits made durable by one fsync of the SQLite WAL (group commit).");

    private readonly Lock _lock = new();
    private long _committed;
    private long _durable;
    private Task? _flushing;
    private Exception? _failure;

    /// <summary>Fsyncs so far, for tests and the benchmark.</summary>
    public long Flushes { get; private set; }

    /// <summary>Set once an fsync has failed; from then on nothing written is known to be durable.</summary>
    public Exception? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    /// <summary>Numbers a commit that has just been made (not yet durable); pass the number to <see cref="DurableAsync(long)"/>.</summary>
    public long Committed()
    {
        lock (_lock)
        {
            return ++_committed;
        }
    }

    /// <summary>Completes once every commit numbered up to <paramref name="commit"/> is on disk.</summary>
    public async Task DurableAsync(long commit)
    {
        while (true)
        {
            Task flushing;
            lock (_lock)
            {
                if (_failure is not null)
                {
                    throw NotDurable(_failure);
                }
                if (_durable >= commit)
                {
                    return;
                }
                // An fsync already running may have begun before this commit: wait for it, then start the next.
                flushing = _flushing ??= Task.Run(Flush);
            }
            await flushing;
        }
    }

    /// <summary>Completes once everything committed so far is on disk: what a reader is about to send on is then durable.</summary>
    public Task DurableAsync()
    {
        long committed;
        lock (_lock)
        {
            if (_durable >= _committed && _failure is null)
            {
                return Task.CompletedTask;
            }
            committed = _committed;
        }
        return DurableAsync(committed);
    }

    private void Flush()
    {
        long upTo;
        lock (_lock)
        {
            upTo = _committed;
        }
        try
        {
            flushToDisk();
            lock (_lock)
            {
                CommitsPerSync.Record(upTo - _durable);
                _durable = upTo;
                Flushes++;
                _flushing = null;
            }
        }
        catch (Exception exception)
        {
            lock (_lock)
            {
                _failure = exception;
                _flushing = null;
            }
        }
    }

    private static IOException NotDurable(Exception failure) =>
        new("The database's write-ahead log could not be synced to disk; writes are refused until the service restarts.", failure);

    /// <summary>The fsync of a SQLite database's WAL file (or of the file itself once the WAL has been checkpointed away).</summary>
    public static Action FlushWalOf(string databasePath) => () =>
    {
        var wal = databasePath + "-wal";
        var path = File.Exists(wal) ? wal : databasePath;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(handle);
    };
}
