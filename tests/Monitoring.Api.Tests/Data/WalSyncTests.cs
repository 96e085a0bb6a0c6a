using Dapper;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Data;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// The fsync that makes group commits durable runs after the writer's turn: nobody may be answered
/// before an fsync that began after their commit has ended, one fsync covers every commit made before
/// it began, and after a failed fsync nothing more is acknowledged.
/// </summary>
public sealed class WalSyncTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Commits_made_before_an_fsync_share_it()
    {
        var flushes = 0;
        using var sync = new WalSync(() => Interlocked.Increment(ref flushes));
        var commits = new[] { Commit(sync), Commit(sync), Commit(sync) };

        await Task.WhenAll(commits.Select(sync.DurableAsync)).WaitAsync(Within);

        Assert.That(flushes, Is.EqualTo(1));
    }

    [Test]
    public async Task A_commit_made_while_an_fsync_runs_waits_for_the_next_fsync()
    {
        using var gate = new FlushGate();
        using var sync = new WalSync(gate.Flush);
        var first = sync.DurableAsync(Commit(sync));
        await gate.StartedAsync(1);

        // Committed after the running fsync began: that fsync may not have covered it.
        var second = sync.DurableAsync(Commit(sync));
        gate.Finish(1);
        await first.WaitAsync(Within);
        await gate.StartedAsync(2);
        Assert.That(second.IsCompleted, Is.False, "answered on an fsync that began before its commit");

        gate.Finish(2);
        await second.WaitAsync(Within);
        Assert.That(sync.Flushes, Is.EqualTo(2));
    }

    [Test]
    public async Task After_a_failed_fsync_nothing_is_acknowledged_and_no_writer_gets_a_turn()
    {
        var failing = true;
        using var sync = new WalSync(() =>
        {
            if (failing)
            {
                throw new IOException("disk gone");
            }
        });
        var committed = Commit(sync);

        Assert.ThrowsAsync<IOException>(() => sync.DurableAsync(committed));
        failing = false;
        // The kernel may have dropped the pages that failed: a later fsync that succeeds proves nothing.
        Assert.ThrowsAsync<IOException>(() => sync.DurableAsync(Commit(sync)));
        Assert.ThrowsAsync<IOException>(() => sync.DurableAsync());

        await using var database = await TemporarySqliteDatabase.CreateAsync();
        await using var group = new GroupCommit(database.Factory.OpenAsync, GroupCommitOptions.Default, sync);
        Assert.ThrowsAsync<IOException>(() => group.EnterAsync());
        Assert.That(group.SyncFailure, Is.InstanceOf<IOException>(), "what the readiness check reports");
    }

    [Test]
    public async Task A_writer_is_answered_only_after_the_fsync_that_follows_its_commit_and_the_next_batch_runs_meanwhile()
    {
        await using var database = await TemporarySqliteDatabase.CreateAsync();
        using var gate = new FlushGate();
        await using var group = new GroupCommit(database.Factory.OpenAsync, GroupCommitOptions.Default, new WalSync(gate.Flush));

        var first = await group.EnterAsync();
        await InsertAsync(first, 1);
        var firstAnswered = first.CommitAsync();
        await gate.StartedAsync(1);

        // The first batch is committed (visible) but its fsync has not ended: its writer waits, the turn does not.
        var second = await group.EnterAsync().WaitAsync(Within);
        await InsertAsync(second, 2);
        var secondAnswered = second.CommitAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await database.CountAsync(), Is.EqualTo(2), "both batches committed while the first fsync runs");
            Assert.That(firstAnswered.IsCompleted, Is.False, "answered before its fsync ended");
        });

        gate.Finish(1);
        await firstAnswered.WaitAsync(Within);
        await gate.StartedAsync(2);
        Assert.That(secondAnswered.IsCompleted, Is.False, "the second batch committed after the first fsync began");
        gate.Finish(2);
        await secondAnswered.WaitAsync(Within);
    }

    [Test]
    public async Task A_reader_who_saw_rows_of_a_commit_still_being_written_waits_for_its_fsync()
    {
        var flushes = 0;
        using var sync = new WalSync(() => Interlocked.Increment(ref flushes));
        // Numbered before COMMIT; its rows are visible to readers as soon as COMMIT returns, before Written.
        var commit = sync.Issue();

        var reader = sync.DurableAsync();
        await Task.Delay(50);
        Assert.That(reader.IsCompleted, Is.False, "answered before the commit it may have seen was even written");

        sync.Written(commit);
        await reader.WaitAsync(Within);
        Assert.That(flushes, Is.EqualTo(1));
    }

    [Test]
    public async Task A_commit_an_fsync_covered_stays_durable_when_a_later_fsync_fails()
    {
        var calls = 0;
        using var sync = new WalSync(() =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                throw new IOException("disk gone");
            }
        });
        var first = Commit(sync);
        await sync.DurableAsync(first).WaitAsync(Within);
        var second = Commit(sync);
        Assert.ThrowsAsync<IOException>(() => sync.DurableAsync(second));

        Assert.DoesNotThrowAsync(() => sync.DurableAsync(first), "its 201 stands: the fsync that covered it succeeded");
    }

    [Test]
    public async Task The_wal_is_synced_through_one_kept_handle_and_a_missing_wal_is_a_failure_not_a_fallback()
    {
        await using var database = await TemporarySqliteDatabase.CreateAsync();
        using var wal = new WalFile(database.Factory.Location);
        await using (var connection = new SqliteConnection(database.Factory.Options.ConnectionString))
        {
            await connection.ExecuteAsync("INSERT INTO readings (id) VALUES (1)");
            Assert.That(File.Exists(database.Factory.Location + "-wal"), Is.True);
            Assert.DoesNotThrow(wal.Flush);
            Assert.DoesNotThrow(wal.Flush, "the kept handle, again");
        }
        SqliteConnection.ClearAllPools();
        Assert.That(File.Exists(database.Factory.Location + "-wal"), Is.False, "the last connection checkpoints the WAL away");

        wal.Reopen();
        Assert.Throws<FileNotFoundException>(wal.Flush, "never the database file instead: closing it would drop this process's SQLite locks");
    }

    [TestCase(null, 1, TestName = "The group writer commits without syncing (WalSync syncs), every other connection syncs its own")]
    [TestCase("false", 2, TestName = "With SyncOutsideTurn off the group writer syncs each commit itself")]
    public async Task Only_the_group_writer_leaves_the_sync_to_walsync(string? syncOutsideTurn, long writerSynchronous)
    {
        await using var database = await TemporarySqliteDatabase.CreateAsync(syncOutsideTurn is null ? [] : [($"{DatabaseOptions.GroupCommitSection}:SyncOutsideTurn", syncOutsideTurn)]);
        var group = database.Factory.GroupCommit!;
        var turn = await group.EnterAsync();
        var writer = await turn.Connection.ExecuteScalarAsync<long>("PRAGMA synchronous", transaction: turn.Transaction);
        await turn.CommitAsync();
        // The writer's connection goes back to the pool when the group writer stops: what comes out of it syncs again.
        await group.DisposeAsync();
        await using var other = await database.Factory.OpenAsync(CancellationToken.None);
        var otherSynchronous = await other.ExecuteScalarAsync<long>("PRAGMA synchronous");

        Assert.Multiple(() =>
        {
            Assert.That(writer, Is.EqualTo(writerSynchronous), "1 = NORMAL, 2 = FULL");
            Assert.That(otherSynchronous, Is.EqualTo(2), "every other connection commits with synchronous=FULL");
        });
    }

    private static long Commit(WalSync sync)
    {
        var commit = sync.Issue();
        sync.Written(commit);
        return commit;
    }

    private static async Task InsertAsync(GroupCommit.Turn turn, long id) =>
        await turn.Connection.ExecuteAsync("INSERT INTO readings (id) VALUES (@Id)", new { Id = id }, turn.Transaction);

    /// <summary>An fsync that starts when called and ends when the test says so.</summary>
    private sealed class FlushGate : IDisposable
    {
        private readonly SemaphoreSlim _started = new(0);
        private readonly Dictionary<int, ManualResetEventSlim> _finish = [];
        private int _calls;

        public void Flush()
        {
            var call = Interlocked.Increment(ref _calls);
            var finish = Gate(call);
            _started.Release();
            if (!finish.Wait(Within))
            {
                throw new TimeoutException($"fsync {call} was never finished by the test");
            }
        }

        public async Task StartedAsync(int call)
        {
            while (Volatile.Read(ref _calls) < call)
            {
                Assert.That(await _started.WaitAsync(Within), Is.True, $"fsync {call} never started");
            }
        }

        public void Finish(int call) => Gate(call).Set();

        public void Dispose()
        {
            lock (_finish)
            {
                foreach (var gate in _finish.Values)
                {
                    gate.Set();
                    gate.Dispose();
                }
            }
            _started.Dispose();
        }

        private ManualResetEventSlim Gate(int call)
        {
            lock (_finish)
            {
                return _finish.TryGetValue(call, out var gate) ? gate : _finish[call] = new ManualResetEventSlim();
            }
        }
    }
}
