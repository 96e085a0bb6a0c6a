using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data.Providers;

/// <summary>
/// The group writer's SQLite connection, with its compiled statements kept. Microsoft.Data.Sqlite keeps
/// a compiled statement per command object, and Dapper makes a new command for every call, so each of a
/// reading's statements was compiled afresh inside the writer's turn, the one serial section of ingest.
/// Here every command lends, for its execution, the one kept command of its SQL text. The writer's turn
/// runs one command at a time, which is what makes lending safe.
/// </summary>
public sealed class StatementReusingConnection(SqliteConnection inner) : DbConnection
{
    // Bounded: SQL built from varying input (lists of ids) would otherwise grow it without end.
    private const int MaxKept = 256;

    /// <summary>The busy wait of the statements run here, in seconds: the wrapped connection's.</summary>
    public int DefaultTimeout => inner.DefaultTimeout;

    private readonly Dictionary<string, SqliteCommand> _kept = new(StringComparer.Ordinal);

    /// <summary>Statements compiled on this connection so far, for the tests.</summary>
    public int Compiled { get; private set; }

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => inner.ConnectionString = value;
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Open() => inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public override void Close() => inner.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new LentCommand(this);

    // The text is the service's own SQL, passed on unchanged from the command that was built with it.
    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Parameterised SQL of the service, passed through.")]
    internal SqliteCommand Lend(string sql)
    {
        if (_kept.TryGetValue(sql, out var kept))
        {
            return kept;
        }
        if (_kept.Count >= MaxKept)
        {
            DisposeKept();
        }
        kept = inner.CreateCommand();
        kept.CommandText = sql;
        _kept[sql] = kept;
        Compiled++;
        return kept;
    }

    // A statement that failed is compiled afresh next time rather than trusted in whatever state it was left.
    internal void Forget(string sql)
    {
        if (_kept.Remove(sql, out var kept))
        {
            kept.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeKept();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private void DisposeKept()
    {
        foreach (var kept in _kept.Values)
        {
            kept.Dispose();
        }
        _kept.Clear();
    }

    /// <summary>What Dapper builds: text, parameters and transaction, run on the kept command of its text.</summary>
    private sealed class LentCommand(StatementReusingConnection owner) : DbCommand
    {
        // Only a holder for the parameters until execution; it never compiles anything.
        private readonly SqliteCommand _parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";

        // The connection's busy wait (no longer than the write timeout), as a command it created would have,
        // rather than a fixed 30 s. This alone does not make writes answer in time under a held lock (LockedStore.md).
        public override int CommandTimeout { get; set; } = owner.DefaultTimeout;

        public override CommandType CommandType { get; set; } = CommandType.Text;

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => owner;
            set => throw new NotSupportedException("A command of the group writer stays on its connection.");
        }

        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        public override int ExecuteNonQuery() => Run(command => command.ExecuteNonQuery());

        public override object? ExecuteScalar() => Run(command => command.ExecuteScalar());

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Run(command => command.ExecuteReader(behavior));

        private T Run<T>(Func<SqliteCommand, T> execute)
        {
            var command = owner.Lend(CommandText);
            command.Transaction = (SqliteTransaction?)DbTransaction;
            command.CommandTimeout = CommandTimeout;
            command.Parameters.Clear();
            foreach (SqliteParameter parameter in _parameters.Parameters)
            {
                command.Parameters.Add(parameter);
            }
            try
            {
                return execute(command);
            }
            catch
            {
                owner.Forget(CommandText);
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _parameters.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
