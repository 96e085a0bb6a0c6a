using System.Data.Common;
using Dapper;

namespace Monitoring.Api.Data;

/// <summary>
/// The request's unit of work: one connection, and for commands one transaction that the
/// transaction behaviour opens and commits. Handlers own their SQL and run it through here.
/// Where the provider commits in groups, the transaction is a turn in the shared writer's batch.
/// </summary>
public sealed class DbSession(ConnectionFactory factory, TimeProvider? clock = null) : IAsyncDisposable
{
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private GroupCommit.Turn? _turn;
    private readonly List<Action> _afterCommit = [];
    private readonly List<Func<CancellationToken, Task>> _beforeCommit = [];
    private bool _holdsWriteGate;

    public SqlDialect Dialect => factory.Dialect;

    /// <summary>The service's clock: when what this session writes is recorded.</summary>
    public DateTimeOffset Now => (clock ?? TimeProvider.System).GetUtcNow();

    /// <summary>SQL statements this session has run (a multi-statement text counts each), for the statements-per-write meter.</summary>
    public int Statements { get; private set; }

    /// <summary>Whether this process's writers run one at a time (SQLite), so that what a writer read stays true until it commits.</summary>
    public bool WritersTakeTurns => factory.GroupCommit is not null || factory.WriteGate is not null;

    public bool InTransaction => _transaction is not null || _turn is not null;

    /// <summary>Counts the transactions this session has begun: work buffered for one attempt is not carried into its retry.</summary>
    public long TransactionNumber { get; private set; }

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        TransactionNumber++;
        if (factory.GroupCommit is { } group)
        {
            _turn = await group.EnterAsync(cancellationToken);
            return;
        }
        await EnterWriteGateAsync(cancellationToken);
        try
        {
            var connection = await ConnectionAsync(cancellationToken);
            _transaction = await connection.BeginTransactionAsync(cancellationToken);
        }
        catch
        {
            LeaveWriteGate();
            throw;
        }
    }

    /// <summary>Returns once the work is durable (with group commit: once its batch is).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        while (_beforeCommit.Count > 0)
        {
            var writes = _beforeCommit.ToList();
            _beforeCommit.Clear();
            foreach (var write in writes)
            {
                await write(cancellationToken);
            }
        }
        if (_turn is { } turn)
        {
            _turn = null;
            await turn.CommitAsync();
            return;
        }
        if (_transaction is null)
        {
            throw new InvalidOperationException("No transaction to commit.");
        }
        try
        {
            await _transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await _transaction.DisposeAsync();
            _transaction = null;
            LeaveWriteGate();
        }
    }

    /// <summary>
    /// Work to start only once the transaction is durable, such as waking the outbox dispatcher. The same
    /// action registered again (one wake-up per ward event) runs once: with several instances a wake-up
    /// is a Redis message.
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (!_afterCommit.Contains(action))
        {
            _afterCommit.Add(action);
        }
    }

    /// <summary>
    /// Writes to make in the transaction just before it commits, such as the ward events gathered during it
    /// (written together, numbered in order). The same write registered again runs once.
    /// </summary>
    public void BeforeCommit(Func<CancellationToken, Task> write)
    {
        if (!_beforeCommit.Contains(write))
        {
            _beforeCommit.Add(write);
        }
    }

    public void RaiseCommitted()
    {
        foreach (var action in _afterCommit)
        {
            action();
        }
        _afterCommit.Clear();
    }

    /// <summary>
    /// Completes once everything committed so far is durable. With group commit, rows are visible a moment
    /// before their fsync ends: a reader that sends what it read on to others waits for this first.
    /// </summary>
    public Task DurableAsync() => factory.GroupCommit?.DurableAsync() ?? Task.CompletedTask;

    /// <summary>Rolls back and drops the connection so that a retry starts from a clean one.</summary>
    public async Task AbandonAsync()
    {
        if (_turn is { } turn)
        {
            _turn = null;
            await turn.RollBackAsync();
        }
        if (_transaction is not null)
        {
            try
            {
                await _transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception) when (_connection?.State != System.Data.ConnectionState.Open)
            {
                // The connection is already gone; SQLite and SQL Server roll back on their own.
            }
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        _afterCommit.Clear();
        _beforeCommit.Clear();
        LeaveWriteGate();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>
    /// Runs several reads on one snapshot of the database where the engine gives one without blocking writers
    /// (SQLite in WAL), so that they agree with each other; writes belong outside.
    /// </summary>
    public async Task<T> ReadSnapshotAsync<T>(Func<Task<T>> reads, CancellationToken cancellationToken)
    {
        if (InTransaction)
        {
            return await reads();
        }
        var snapshot = await factory.BeginSnapshotAsync(await ConnectionAsync(cancellationToken), cancellationToken);
        if (snapshot is null)
        {
            return await reads();
        }
        _transaction = snapshot;
        try
        {
            return await reads();
        }
        finally
        {
            _transaction = null;
            // Nothing was written: ending the transaction only releases the snapshot.
            await snapshot.DisposeAsync();
        }
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (InTransaction)
        {
            return await (await ConnectionAsync(cancellationToken)).ExecuteAsync(Command(sql, parameters, cancellationToken));
        }
        // A write outside a transaction (an audited read's audit row) queues like any other writer.
        if (factory.GroupCommit is not null)
        {
            await BeginAsync(cancellationToken);
            try
            {
                var affected = await (await ConnectionAsync(cancellationToken)).ExecuteAsync(Command(sql, parameters, cancellationToken));
                await CommitAsync(cancellationToken);
                return affected;
            }
            catch
            {
                await AbandonAsync();
                throw;
            }
        }
        await EnterWriteGateAsync(cancellationToken);
        try
        {
            return await (await ConnectionAsync(cancellationToken)).ExecuteAsync(Command(sql, parameters, cancellationToken));
        }
        finally
        {
            LeaveWriteGate();
        }
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        (await (await ConnectionAsync(cancellationToken)).QueryAsync<T>(Command(sql, parameters, cancellationToken))).AsList();

    /// <summary>
    /// Hands each row's first column, as text, to <paramref name="read"/> in turn without holding the rows: for reports
    /// that fold 10^5 rows into a few figures (see <see cref="PackedRow"/>).
    /// </summary>
    public async Task ReadTextAsync(string sql, object? parameters, Action<string> read, CancellationToken cancellationToken)
    {
        await using var reader = await (await ConnectionAsync(cancellationToken)).ExecuteReaderAsync(Command(sql, parameters, cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader.GetString(0));
        }
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));

    public async Task<T> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        (await (await ConnectionAsync(cancellationToken)).ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken)))!;

    public async ValueTask DisposeAsync() => await AbandonAsync();

    // Counted on every command: a scan, not a split, so the meter costs no allocation on the hot path.
    private static int StatementsIn(string sql)
    {
        var statements = 0;
        var inStatement = false;
        foreach (var character in sql)
        {
            if (character == ';')
            {
                inStatement = false;
            }
            else if (!inStatement && !char.IsWhiteSpace(character))
            {
                inStatement = true;
                statements++;
            }
        }
        return statements;
    }

    private async Task EnterWriteGateAsync(CancellationToken cancellationToken)
    {
        if (factory.WriteGate is { } gate && !_holdsWriteGate)
        {
            await gate.WaitAsync(cancellationToken);
            _holdsWriteGate = true;
        }
    }

    private void LeaveWriteGate()
    {
        if (_holdsWriteGate)
        {
            _holdsWriteGate = false;
            factory.WriteGate!.Release();
        }
    }

    private async Task<DbConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _turn?.Connection ?? (_connection ??= await factory.OpenAsync(cancellationToken));

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken)
    {
        Statements += StatementsIn(sql);
        return new(sql, parameters, _turn?.Transaction ?? _transaction, cancellationToken: cancellationToken);
    }
}
