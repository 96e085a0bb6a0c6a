using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Monitoring.Api.Charting.Board;

namespace Monitoring.Api.Tests.Devices;

/// <summary>The monitor reader's SQL, built once from the code table (so not a constant the general T-SQL check finds), parses as T-SQL.</summary>
public sealed class MonitorSqlTests
{
    private static IEnumerable<TestCaseData> Texts() =>
        typeof(MonitorReader).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(field => field.FieldType == typeof(string) && !field.IsLiteral && field.Name != "Codes")
            .Select(field => new TestCaseData((string)field.GetValue(null)!).SetName($"T-SQL parses: MonitorReader.{field.Name}"));

    [TestCaseSource(nameof(Texts))]
    public void Parses_as_T_SQL(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.That(errors.Select(e => e.Message), Is.Empty, sql);
    }

    [Test]
    public void The_reader_has_its_statements() => Assert.That(Texts().Count(), Is.EqualTo(3));
}
