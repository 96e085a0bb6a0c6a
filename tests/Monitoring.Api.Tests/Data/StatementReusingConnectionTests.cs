using Dapper;
using Monitoring.Api.Data.Providers;

namespace Monitoring.Api.Tests.Data;

/// <summary>The group writer's connection compiles each SQL text once and lends it to every later call.</summary>
public sealed class StatementReusingConnectionTests
{
    private const string Insert = "INSERT INTO readings (id) VALUES (@Id)";

    [Test]
    public async Task A_statement_is_compiled_once_and_each_call_binds_its_own_parameters()
    {
        await using var database = await TemporarySqliteDatabase.CreateAsync();
        var group = database.Factory.GroupCommit!;

        for (var id = 1; id <= 3; id++)
        {
            var turn = await group.EnterAsync();
            await turn.Connection.ExecuteAsync(Insert, new { Id = id }, turn.Transaction);
            await turn.CommitAsync();
        }
        var reading = await group.EnterAsync();
        var above = await reading.Connection.QueryAsync<long>("SELECT id FROM readings WHERE id > @Above ORDER BY id", new { Above = 1 }, reading.Transaction);
        var compiled = ((StatementReusingConnection)reading.Connection).Compiled;
        await reading.CommitAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(compiled, Is.EqualTo(2), "one insert and one query, however often each ran");
            Assert.That(above, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(await database.CountAsync(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_statement_that_failed_is_compiled_afresh_and_the_writer_after_it_is_not_affected()
    {
        await using var database = await TemporarySqliteDatabase.CreateAsync();
        var group = database.Factory.GroupCommit!;
        var first = await group.EnterAsync();
        await first.Connection.ExecuteAsync(Insert, new { Id = 1 }, first.Transaction);
        await first.CommitAsync();

        var duplicate = await group.EnterAsync();
        Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => duplicate.Connection.ExecuteAsync(Insert, new { Id = 1 }, duplicate.Transaction));
        await duplicate.RollBackAsync();
        var next = await group.EnterAsync();
        await next.Connection.ExecuteAsync(Insert, new { Id = 2 }, next.Transaction);
        var compiled = ((StatementReusingConnection)next.Connection).Compiled;
        await next.CommitAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(compiled, Is.EqualTo(2), "compiled again after the failure");
            Assert.That(await database.CountAsync(), Is.EqualTo(2));
        });
    }
}
