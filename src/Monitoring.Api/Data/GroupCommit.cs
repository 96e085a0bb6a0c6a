using System.Data.Common;
using System.Diagnostics;

namespace Monitoring.Api.Data;

/// <summary>
/// Group commit for an engine with one writer (SQLite): writers take turns on one connection, each
/// inside a savepoint of an open batch transaction. A writer that leaves while others queue leaves the
/// batch open for them; the last of the run (or the one that fills the batch) commits. The commit
/// only writes the WAL; its fsync (<see cref="WalSync"/>) runs after the turn is given up, so the next
/// batch executes while the previous one syncs, and one fsync covers every batch committed before it
/// began. Each writer is answered only once its batch is durable. A writer that fails rolls back to
/// its savepoint alone.
/// </summary>
public sealed class GroupCommit(Func<CancellationToken, Task<DbConnection>> open, GroupCommitOptions options, WalSync sync, DatabaseMeters? meters = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _waiting;
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private Batch? _batch;
    private long _savepoints;
    private long _heldSince;
    private volatile bool _disposed;

    /// <summary>Commits so far and the writes they carried, for the benchmark and the operator.</summary>
    public long Commits { get; private set; }

    public long Writes { get; private set; }

    /// <summary>Set once an fsync has failed: writes are refused from then on, and the service is not ready.</summary>
    public Exception? SyncFailure => sync.Failure;

    /// <summary>Writers queued for the turn now.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Waits for the writer's turn and opens a savepoint in the current batch. Only the wait in the queue
    /// can be cancelled (a cancelled wait never took the turn): a writer that was let through must take its
    /// turn and leave, or a batch left open for it would never commit.
    /// </summary>
    public async Task<Turn> EnterAsync(CancellationToken cancellationToken = default)
    {
        var asked = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            await _turn.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        _heldSince = Stopwatch.GetTimestamp();
        meters?.TurnWait.Record(Stopwatch.GetElapsedTime(asked, _heldSince).TotalSeconds);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // After a failed fsync nothing more may be acknowledged: refuse before writing anything.
            sync.ThrowIfFailed();
            if (_transaction is null)
            {
                _connection ??= await open(CancellationToken.None);
                _transaction = await _connection.BeginTransactionAsync(CancellationToken.None);
                _batch = new Batch(Stopwatch.GetTimestamp());
            }
            var savepoint = $"w{++_savepoints}";
            await _transaction.SaveAsync(savepoint, CancellationToken.None);
            return new Turn(this, _connection!, _transaction, _batch!, savepoint);
        }
        catch (Exception exception)
        {
            try
            {
                await FailBatchAsync(exception);
            }
            finally
            {
                GiveUpTurn();
            }
            throw;
        }
    }

    /// <summary>Keeps the writer's work in the batch and gives up the turn; completes when the batch is durable.</summary>
    private async Task LeaveAsync(Turn turn)
    {
        Task durable;
        Committed? committed = null;
        try
        {
            await turn.Transaction.ReleaseAsync(turn.Savepoint, CancellationToken.None);
            turn.Batch.Members++;
            durable = turn.Batch.Durable.Task;
            if (ShouldCommit(turn.Batch))
            {
                committed = await CommitAsync();
            }
        }
        catch (Exception exception)
        {
            await FailBatchAsync(exception);
            throw;
        }
        finally
        {
            GiveUpTurn();
        }
        await SyncAsync(committed);
        await durable;
    }

    /// <summary>Undoes the writer's work alone and gives up the turn; the rest of the batch goes on.</summary>
    private async Task RollBackAsync(Turn turn)
    {
        Committed? committed = null;
        try
        {
            await turn.Transaction.RollbackAsync(turn.Savepoint, CancellationToken.None);
            await turn.Transaction.ReleaseAsync(turn.Savepoint, CancellationToken.None);
            if (turn.Batch.Members > 0 && ShouldCommit(turn.Batch))
            {
                committed = await CommitAsync();
            }
            else if (turn.Batch.Members == 0 && Volatile.Read(ref _waiting) == 0)
            {
                await EndEmptyBatchAsync();
            }
        }
        catch (Exception exception)
        {
            // The transaction itself is broken (the engine rolled it back): every writer of the batch fails and retries.
            await FailBatchAsync(exception);
        }
        finally
        {
            GiveUpTurn();
        }
        await SyncAsync(committed);
    }

    private void GiveUpTurn()
    {
        meters?.TurnHeld.Record(Stopwatch.GetElapsedTime(_heldSince).TotalSeconds);
        _turn.Release();
    }

    private bool ShouldCommit(Batch batch) =>
        Volatile.Read(ref _waiting) == 0
        || batch.Members >= options.MaxWrites
        || Stopwatch.GetElapsedTime(batch.StartedAt) >= options.MaxWait;

    private async Task<Committed> CommitAsync()
    {
        var batch = _batch!;
        var number = sync.Issue();
        try
        {
            await _transaction!.CommitAsync(CancellationToken.None);
        }
        finally
        {
            sync.Written(number);
        }
        await _transaction.DisposeAsync();
        _transaction = null;
        _batch = null;
        Commits++;
        Writes += batch.Members;
        meters?.BatchWrites.Record(batch.Members);
        return new Committed(batch, number);
    }

    // Outside the turn: the next batch runs while this one's fsync does. Its writers hear the outcome.
    private async Task SyncAsync(Committed? committed)
    {
        if (committed is not var (batch, number))
        {
            return;
        }
        try
        {
            await sync.DurableAsync(number);
            batch.Durable.TrySetResult();
        }
        catch (Exception exception)
        {
            batch.Durable.TrySetException(exception);
        }
    }

    /// <summary>Completes once everything committed so far is durable (see <see cref="WalSync.DurableAsync()"/>).</summary>
    public Task DurableAsync() => sync.DurableAsync();

    private async Task EndEmptyBatchAsync()
    {
        await _transaction!.RollbackAsync(CancellationToken.None);
        await _transaction.DisposeAsync();
        _transaction = null;
        _batch!.Durable.TrySetResult();
        _batch = null;
    }

    // Every writer of the batch is told first: nothing below may leave one of them waiting.
    private async Task FailBatchAsync(Exception exception)
    {
        var (batch, transaction, connection) = (_batch, _transaction, _connection);
        (_batch, _transaction, _connection) = (null, null, null);
        batch?.Durable.TrySetException(exception);
        try
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception)
        {
            // Already rolled back by the engine, or the connection is gone: it is replaced on the next turn.
        }
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // A connection that cannot even close is dropped; the next turn opens a new one.
        }
    }

    // A writer still holding its turn at stop gets five seconds. Past that the connection is not touched
    // (it is not thread-safe and the writer is using it): the flag fails every later turn instead.
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (!await _turn.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            sync.Dispose();
            return;
        }
        try
        {
            await FailBatchAsync(new ObjectDisposedException(nameof(GroupCommit), "The service is stopping."));
        }
        finally
        {
            _turn.Release();
            sync.Dispose();
        }
    }

    private sealed record Committed(Batch Batch, long Number);

    internal sealed class Batch(long startedAt)
    {
        public long StartedAt { get; } = startedAt;

        public int Members { get; set; }

        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One writer's turn: its connection and transaction, and how it ends.</summary>
    public sealed class Turn
    {
        private readonly GroupCommit _owner;
        private bool _ended;

        internal Turn(GroupCommit owner, DbConnection connection, DbTransaction transaction, Batch batch, string savepoint)
        {
            _owner = owner;
            Connection = connection;
            Transaction = transaction;
            Batch = batch;
            Savepoint = savepoint;
        }

        public DbConnection Connection { get; }

        public DbTransaction Transaction { get; }

        internal string Savepoint { get; }

        internal Batch Batch { get; }

        /// <summary>Keeps this writer's work and waits until its batch is durable.</summary>
        public Task CommitAsync() => End() ? _owner.LeaveAsync(this) : Task.CompletedTask;

        /// <summary>Drops this writer's work; the batch's other writers are not affected.</summary>
        public Task RollBackAsync() => End() ? _owner.RollBackAsync(this) : Task.CompletedTask;

        private bool End()
        {
            var first = !_ended;
            _ended = true;
            return first;
        }
    }
}

/// <summary>
/// How long a batch may stay open for writers that keep queuing (<c>Monitoring:Database:GroupCommit</c>).
/// Under steady load the queue never empties; these bound the wait of the batch's first writer.
/// <paramref name="SyncOutsideTurn"/> (default on) lets the next batch run while the previous one's
/// fsync does (<see cref="WalSync"/>); off, each commit syncs inside the turn (synchronous=FULL), which
/// is the same guarantee measured slower, kept as the operator's fallback and the benchmark's baseline.
/// </summary>
public sealed record GroupCommitOptions(bool Enabled, int MaxWrites, TimeSpan MaxWait, bool SyncOutsideTurn = true)
{
    public static GroupCommitOptions Default { get; } = new(true, 64, TimeSpan.FromMilliseconds(10));
}
