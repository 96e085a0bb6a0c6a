using Microsoft.Win32.SafeHandles;

namespace Monitoring.Api.Data;

/// <summary>
/// Makes the group writer's commits durable outside its turn. The writer's connection commits with
/// synchronous=NORMAL (its commits reach the WAL file but are not synced); every writer then waits
/// here for an fsync of the WAL that began after its commit. One fsync covers every commit made
/// before it began, so while one runs the next batch executes, and the commits made meanwhile share
/// the following fsync. The guarantee is synchronous=FULL's: nobody is answered before their commit
/// is on disk. After a failed fsync nothing is durable any more (the kernel may have dropped the dirty
/// pages): every later wait fails and the group writer refuses new turns until the service restarts.
/// Without a flush (<c>null</c>), each commit has synced itself (synchronous=FULL): written is durable.
/// </summary>
public sealed class WalSync(Action? flushToDisk, DatabaseMeters? meters = null) : IDisposable
{
    private readonly Lock _lock = new();
    private long _issued;
    private long _written;
    private long _durable;
    private TaskCompletionSource? _flushing;
    private readonly SemaphoreSlim _flushRequested = new(0);
    private Thread? _flusher;
    private volatile bool _disposed;
    private TaskCompletionSource? _writtenSignal;
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

    /// <summary>
    /// Numbers a commit about to be made. Taken before the COMMIT, so that a reader who has seen its rows
    /// (visible once COMMIT returns) and then asks for everything so far to be durable waits for it too.
    /// Call <see cref="Written"/> with the number once the COMMIT has returned, whether or not it succeeded.
    /// </summary>
    public long Issue()
    {
        lock (_lock)
        {
            return ++_issued;
        }
    }

    /// <summary>The commit numbered <paramref name="commit"/> has reached the WAL file (or failed): the next fsync covers it.</summary>
    public void Written(long commit)
    {
        TaskCompletionSource? signal;
        lock (_lock)
        {
            _written = Math.Max(_written, commit);
            if (flushToDisk is null)
            {
                _durable = _written;
            }
            (signal, _writtenSignal) = (_writtenSignal, null);
        }
        signal?.TrySetResult();
    }

    /// <summary>Completes once every commit numbered up to <paramref name="commit"/> is on disk.</summary>
    public async Task DurableAsync(long commit)
    {
        while (true)
        {
            Task waiting;
            lock (_lock)
            {
                // Durable first: a commit an earlier fsync covered is durable whatever failed after it.
                if (_durable >= commit)
                {
                    return;
                }
                if (_failure is not null)
                {
                    throw NotDurable(_failure);
                }
                // A commit still being written waits for its write; then an fsync that began after it.
                waiting = _written < commit
                    ? (_writtenSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                    : (_flushing ??= RequestFlush()).Task;
            }
            await waiting;
        }
    }

    /// <summary>Completes once everything committed so far (or being committed) is on disk: what a reader is about to send on is then durable.</summary>
    public Task DurableAsync()
    {
        long issued;
        lock (_lock)
        {
            if (_durable >= _issued)
            {
                return Task.CompletedTask;
            }
            issued = _issued;
        }
        return DurableAsync(issued);
    }

    // The fsync runs on a thread of its own, not the thread pool: every writer waits for it, and on a
    // 2-core server a pool busy with requests (or blocked in SQLite) would leave it queued behind them.
    private TaskCompletionSource RequestFlush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_flusher is null)
        {
            _flusher = new Thread(FlushWhenRequested) { IsBackground = true, Name = "WAL fsync" };
            _flusher.Start();
        }
        _flushRequested.Release();
        return new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void FlushWhenRequested()
    {
        while (true)
        {
            _flushRequested.Wait();
            if (_disposed)
            {
                return;
            }
            Flush();
        }
    }

    private void Flush()
    {
        long upTo;
        lock (_lock)
        {
            upTo = _written;
        }
        TaskCompletionSource? done;
        try
        {
            flushToDisk!();
            lock (_lock)
            {
                meters?.CommitsPerSync.Record(upTo - _durable);
                _durable = Math.Max(_durable, upTo);
                Flushes++;
                (done, _flushing) = (_flushing, null);
            }
        }
        catch (Exception exception)
        {
            lock (_lock)
            {
                _failure = exception;
                (done, _flushing) = (_flushing, null);
            }
        }
        done?.TrySetResult();
    }

    /// <summary>Stops the fsync thread; writers still waiting are told the service is stopping.</summary>
    public void Dispose()
    {
        TaskCompletionSource? waiting;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _failure ??= new ObjectDisposedException(nameof(WalSync), "The service is stopping.");
            (waiting, _flushing) = (_flushing, null);
        }
        _flushRequested.Release();
        waiting?.TrySetResult();
    }

    /// <summary>Throws once an fsync has failed: from then on nothing more may be acknowledged.</summary>
    public void ThrowIfFailed()
    {
        lock (_lock)
        {
            if (_failure is not null)
            {
                throw NotDurable(_failure);
            }
        }
    }

    private static IOException NotDurable(Exception failure) =>
        new("The database's write-ahead log could not be synced to disk; writes are refused until the service restarts.", failure);
}

/// <summary>
/// The fsync of a SQLite database's WAL file through one handle kept open: Linux reports a write-back
/// error to the handles open when it happened, so a handle opened afresh for each fsync could miss an
/// error that SQLite's own checkpoint had already been told of. A new group writer connection asks
/// for a new handle (<see cref="Reopen"/>), taken by the next fsync. A missing WAL file is a failure,
/// never a reason to sync the database file instead: opening and closing that file would drop this
/// process's SQLite locks on it.
/// </summary>
public sealed class WalFile(string databasePath) : IDisposable
{
    private SafeFileHandle? _handle;
    private volatile bool _reopen;

    /// <summary>From the next fsync on, a handle on the WAL file as it is now.</summary>
    public void Reopen() => _reopen = true;

    /// <summary>Runs on WalSync's one flusher at a time.</summary>
    public void Flush()
    {
        if (_handle is null || _reopen)
        {
            _reopen = false;
            _handle?.Dispose();
            _handle = File.OpenHandle(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        RandomAccess.FlushToDisk(_handle);
    }

    public void Dispose() => _handle?.Dispose();
}
