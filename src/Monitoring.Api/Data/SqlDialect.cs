using System.Data.SqlTypes;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Monitoring.Api.Data;

/// <summary>
/// The one seam where SQLite and SQL Server differ at run time: error classification and paging.
/// Everything else is portable SQL.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// Whether one <c>INSERT … VALUES (…), (…) ON CONFLICT … RETURNING</c> upserts many rows and answers those it
    /// wrote (SQLite). Where it does not, a batch's rows go one statement each.
    /// </summary>
    public virtual bool UpsertsManyRows => false;

    /// <summary>
    /// Whether a query may join each row to a subquery that reads it (<c>CROSS APPLY</c>, SQL Server): the way to
    /// seek the newest few rows of each admission by its index. Where it may not, a correlated subquery finds where they begin.
    /// </summary>
    public virtual bool AppliesPerRow => true;

    /// <summary>Faults where retrying the whole transaction may succeed (locks, deadlocks, failover).</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>The cause, when the exception says the store itself cannot take writes (full, read-only, failing, locked, away).</summary>
    public StoreFault? Fault(Exception exception) => exception switch
    {
        Polly.Timeout.TimeoutRejectedException => StoreFault.Busy,
        // WalSync's failed fsync (the WAL's disk). Its subclasses are not the store's: a client's unreadable
        // or broken request body arrives as BadHttpRequestException or ConnectionResetException.
        IOException when exception.GetType() == typeof(IOException) => StoreFault.IoError,
        _ => EngineFault(exception),
    };

    protected abstract StoreFault? EngineFault(Exception exception);

    /// <summary>Rewrites <c>SELECT</c> into the first <paramref name="rows"/> rows of an ordered query.</summary>
    public abstract string Top(int rows, string orderedSelect);

    /// <summary>Takes a ward's next <c>@Count</c> event numbers in one statement and answers the last; the row lock it takes serialises writers per ward.</summary>
    public abstract string NextWardSequence { get; }

    /// <summary>The database's own clock in milliseconds since 1970 UTC: one clock for every instance sharing it.</summary>
    public abstract string NowMilliseconds { get; }

    /// <summary>
    /// Keyset condition: the row comes after (<paramref name="atParameter"/>, <paramref name="idParameter"/>) in
    /// <c>ORDER BY at, id</c>, written so that an index on (…, at, id) seeks to it.
    /// </summary>
    public abstract string After(string atColumn, string idColumn, string atParameter, string idParameter);

    /// <summary>How the engine orders ids in <c>ORDER BY id</c>, so that rows merged in memory keep the database's order.</summary>
    public abstract IComparer<Guid> IdOrder { get; }

    private sealed class SqliteDialect : SqlDialect
    {
        private const int SqliteBusy = 5;
        private const int SqliteLocked = 6;
        private const int SqliteReadOnly = 8;
        private const int SqliteIoError = 10;
        private const int SqliteCorrupt = 11;
        private const int SqliteFull = 13;
        private const int SqliteCantOpen = 14;
        private const int SqliteConstraint = 19;
        private const int SqliteConstraintPrimaryKey = 1555;
        private const int SqliteConstraintUnique = 2067;

        public override bool UpsertsManyRows => true;

        public override bool AppliesPerRow => false;

        public override bool IsUniqueViolation(Exception exception) =>
            exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
            && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

        public override bool IsTransient(Exception exception) =>
            exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

        protected override StoreFault? EngineFault(Exception exception) => exception is SqliteException e
            ? e.SqliteErrorCode switch
            {
                SqliteFull => StoreFault.DiskFull,
                SqliteReadOnly => StoreFault.ReadOnly,
                SqliteIoError or SqliteCantOpen or SqliteCorrupt => StoreFault.IoError,
                SqliteBusy or SqliteLocked => StoreFault.Busy,
                _ => null,
            }
            : null;

        public override string Top(int rows, string orderedSelect) => $"{orderedSelect} LIMIT {rows}";

        public override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

        public override string NextWardSequence =>
            "UPDATE ward_sequences SET last_sequence = last_sequence + @Count WHERE ward_code = @Ward RETURNING last_sequence";
        public override string After(string atColumn, string idColumn, string atParameter, string idParameter) =>
            $"({atColumn}, {idColumn}) > ({atParameter}, {idParameter})";

        // Ids are stored as lower-case "D" text and compared byte by byte: the order of their big-endian bytes.
        public override IComparer<Guid> IdOrder { get; } = Comparer<Guid>.Create(CompareAsText);

        private static int CompareAsText(Guid x, Guid y)
        {
            Span<byte> left = stackalloc byte[16];
            Span<byte> right = stackalloc byte[16];
            x.TryWriteBytes(left, bigEndian: true, out _);
            y.TryWriteBytes(right, bigEndian: true, out _);
            return left.SequenceCompareTo(right);
        }
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        // Deadlock victim, lock timeout, Azure/AG failover and throttling numbers that a retry can cure.
        private static readonly HashSet<int> TransientNumbers =
            [1205, 1222, -2, 233, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40613, 49918, 49919, 49920, 4060, 4221];

        public override bool IsUniqueViolation(Exception exception) =>
            exception is SqlException e && e.Errors.Cast<SqlError>().Any(error => error.Number is 2601 or 2627);

        public override bool IsTransient(Exception exception) =>
            exception is SqlException e && e.Errors.Cast<SqlError>().Any(error => TransientNumbers.Contains(error.Number));

        // 1105/9002: data or log file full; 3906/3908: read-only database; 823-825: I/O; 1222: lock timeout.
        protected override StoreFault? EngineFault(Exception exception)
        {
            if (exception is not SqlException e)
            {
                return null;
            }
            var numbers = e.Errors.Cast<SqlError>().Select(error => error.Number).ToList();
            return numbers switch
            {
                _ when numbers.Any(n => n is 1105 or 9002) => StoreFault.DiskFull,
                _ when numbers.Any(n => n is 3906 or 3908) => StoreFault.ReadOnly,
                _ when numbers.Any(n => n is 823 or 824 or 825) => StoreFault.IoError,
                _ when numbers.Any(n => n is 1205 or 1222) => StoreFault.Busy,
                _ when numbers.Any(TransientNumbers.Contains) => StoreFault.Unavailable,
                _ => null,
            };
        }

        public override string Top(int rows, string orderedSelect) =>
            $"{orderedSelect} OFFSET 0 ROWS FETCH NEXT {rows} ROWS ONLY";

        public override string NowMilliseconds => "DATEDIFF_BIG(MILLISECOND, '19700101', SYSUTCDATETIME())";

        public override string NextWardSequence =>
            "UPDATE ward_sequences SET last_sequence = last_sequence + @Count OUTPUT inserted.last_sequence WHERE ward_code = @Ward";
        // No row values in T-SQL: the first conjunct gives the index its seek, the second drops the ties before the key.
        public override string After(string atColumn, string idColumn, string atParameter, string idParameter) =>
            $"({atColumn} >= {atParameter} AND ({atColumn} > {atParameter} OR {idColumn} > {idParameter}))";

        // UNIQUEIDENTIFIER sorts by its last six bytes first; SqlGuid compares the same way.
        public override IComparer<Guid> IdOrder { get; } =
            Comparer<Guid>.Create((x, y) => new SqlGuid(x).CompareTo(new SqlGuid(y)));
    }
}
