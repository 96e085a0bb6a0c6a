using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// SQL Server cannot run here, so its T-SQL is proven to parse: every migration, and every SQL text
/// the service sends (the handlers' constants, also as the SQL Server dialect pages them).
/// </summary>
public sealed partial class SqlServerScriptTests
{
    private static IEnumerable<TestCaseData> Migrations() =>
        Directory.GetFiles(RepositoryPaths.SqlFolder("sqlserver"), "*.sql").Order()
            .Select(path => new TestCaseData(path).SetName($"T-SQL migration parses: {Path.GetFileName(path)}"));

    private static IEnumerable<TestCaseData> Queries() =>
        typeof(DbSession).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(field => field.IsLiteral && field.FieldType == typeof(string))
                .Select(field => (Name: $"{type.FullName}.{field.Name}", Sql: (string)field.GetRawConstantValue()!)))
            .Where(constant => SqlStatement().IsMatch(constant.Sql))
            .Select(constant => new TestCaseData(constant.Sql).SetName($"T-SQL query parses: {constant.Name}"));

    [TestCaseSource(nameof(Migrations))]
    public void Migration_parses(string path)
    {
        foreach (var batch in GoSeparator().Split(File.ReadAllText(path)).Where(batch => !string.IsNullOrWhiteSpace(batch)))
        {
            AssertParses(batch);
        }
    }

    [TestCaseSource(nameof(Queries))]
    public void Query_parses(string sql)
    {
        AssertParses(AsDapperSendsIt(sql));
        if (sql.Contains("ORDER BY", StringComparison.Ordinal) && !sql.Contains("ROW_NUMBER", StringComparison.Ordinal))
        {
            AssertParses(AsDapperSendsIt(SqlDialect.SqlServer.Top(1, sql)));
        }
    }

    [Test]
    public void Dispatch_lease_sql_parses() => AssertParses(Monitoring.Api.Realtime.DispatchLease.AcquireSql(SqlDialect.SqlServer));

    private static IEnumerable<TestCaseData> TimelinePages()
    {
        var sources = new[]
        {
            ("vitals", Monitoring.Api.Charting.Observations.ChartReader.VitalsPageOfAdmission, "o.observed_at", "o.id"),
            ("assessments", Monitoring.Api.Charting.Observations.ChartReader.AssessmentsPageOfAdmission, "o.observed_at", "o.id"),
            ("doses", Monitoring.Api.Charting.Doses.DoseReader.PageOfAdmission, "d.given_at", "d.id"),
            ("alerts", Monitoring.Api.Charting.Alerts.AlertReader.PageOfAdmission, "a.raised_at", "a.id"),
        };
        var now = DateTimeOffset.UtcNow;
        return sources.SelectMany(source => new[]
        {
            new TestCaseData(new TimePage(Guid.Empty, null, null, null, null, 201).Sql(SqlDialect.SqlServer, source.Item2, source.Item3, source.Item4))
                .SetName($"T-SQL timeline page parses: {source.Item1}, first page"),
            new TestCaseData(new TimePage(Guid.Empty, now, now, now, Guid.Empty, 1001).Sql(SqlDialect.SqlServer, source.Item2, source.Item3, source.Item4))
                .SetName($"T-SQL timeline page parses: {source.Item1}, window and cursor"),
            new TestCaseData(new TimePage(Guid.Empty, now, now, null, null, 1001).Sql(SqlDialect.SqlServer, source.Item2, source.Item3, source.Item4))
                .SetName($"T-SQL timeline page parses: {source.Item1}, window"),
        });
    }

    [TestCaseSource(nameof(TimelinePages))]
    public void Timeline_page_parses(string sql)
    {
        Assert.That(sql, Does.Contain("OFFSET 0 ROWS FETCH NEXT").And.Not.Contain("LIMIT"));
        AssertParses(sql);
    }

    [Test]
    public void Ward_sequence_sql_parses() => AssertParses(AsDapperSendsIt(SqlDialect.SqlServer.NextWardSequence));

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(32)]
    public void Outbox_insert_of_several_events_parses(int rows) => AssertParses(AsDapperSendsIt(Monitoring.Api.Realtime.Outbox.InsertSqlFor(rows)));

    [Test]
    public void Every_query_was_found() => Assert.That(Queries().Count(), Is.GreaterThan(40));

    [Test]
    public void Sqlite_and_sql_server_have_the_same_migrations() =>
        Assert.That(
            Directory.GetFiles(RepositoryPaths.SqlFolder("sqlserver"), "*.sql").Select(Path.GetFileName).Order(),
            Is.EqualTo(Directory.GetFiles(RepositoryPaths.SqlFolder("sqlite"), "*.sql").Select(Path.GetFileName).Order()));

    [Test]
    public void A_broken_script_is_caught() => Assert.That(() => AssertParses("SELEC id FROM alerts"), Throws.InstanceOf<AssertionException>());

    private static void AssertParses(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        Assert.That(errors.Select(e => $"line {e.Line}: {e.Message}"), Is.Empty, sql);
    }

    // Dapper expands "IN @List" into "IN (@List1, @List2)" before SQL Server sees it.
    private static string AsDapperSendsIt(string sql) => InList().Replace(sql, "IN (@$1)");

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlStatement();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    [GeneratedRegex(@"IN @(\w+)")]
    private static partial Regex InList();
}
