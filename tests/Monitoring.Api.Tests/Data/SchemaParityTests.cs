using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// sql/sqlite and sql/sqlserver describe the same tables and columns, whatever migrations exist: the
/// SQLite schema is read from a file the service's own migration runner built, the SQL Server schema is
/// worked out by parsing every T-SQL migration in order with ScriptDom (create, alter, drop, rename).
/// </summary>
public sealed partial class SchemaParityTests
{
    private static readonly string[] Bookkeeping = ["schemaversions"];

    private string _dataPath = null!;
    private Dictionary<string, SortedSet<string>> _sqlite = null!;

    [OneTimeSetUp]
    public async Task MigrateSqliteAsync()
    {
        _dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var options = DatabaseOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Monitoring:DataPath"] = _dataPath }).Build());
        var provider = ConnectionFactory.Create(options);
        Migrations.Apply(provider, NullLogger.Instance);

        await using var connection = new SqliteConnection($"Data Source={provider.Location};Pooling=False");
        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        _sqlite = [];
        foreach (var table in tables.Where(t => !Bookkeeping.Contains(t.ToLowerInvariant())))
        {
            var columns = await connection.QueryAsync<string>("SELECT name FROM pragma_table_info(@Table)", new { Table = table });
            _sqlite[table.ToLowerInvariant()] = new SortedSet<string>(columns.Select(c => c.ToLowerInvariant()));
        }
    }

    [OneTimeTearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Test]
    public void Both_providers_have_the_same_tables_and_columns()
    {
        var sqlServer = SqlServerSchema(MigrationTexts());

        Assert.That(_sqlite, Has.Count.GreaterThan(10), "the SQLite schema was read");
        Assert.That(Differences(_sqlite, sqlServer), Is.Empty);
    }

    [Test]
    public void A_column_only_one_provider_has_is_reported()
    {
        var drifted = MigrationTexts().Append("ALTER TABLE dbo.alerts ADD escalation_note NVARCHAR(200) NULL;").Append("EXEC sp_rename 'dbo.wards.name', 'title', 'COLUMN';");

        Assert.That(Differences(_sqlite, SqlServerSchema(drifted)), Is.EquivalentTo(new[]
        {
            "alerts.escalation_note: only in SQL Server",
            "wards.name: only in SQLite",
            "wards.title: only in SQL Server",
        }));
    }

    private static IEnumerable<string> MigrationTexts() =>
        Directory.GetFiles(RepositoryPaths.SqlFolder("sqlserver"), "*.sql").Order(StringComparer.Ordinal).Select(File.ReadAllText);

    private static List<string> Differences(Dictionary<string, SortedSet<string>> sqlite, Dictionary<string, SortedSet<string>> sqlServer)
    {
        var differences = new List<string>();
        foreach (var table in sqlite.Keys.Union(sqlServer.Keys).Order(StringComparer.Ordinal))
        {
            if (!sqlServer.TryGetValue(table, out var server))
            {
                differences.Add($"{table}: table only in SQLite");
                continue;
            }
            if (!sqlite.TryGetValue(table, out var lite))
            {
                differences.Add($"{table}: table only in SQL Server");
                continue;
            }
            differences.AddRange(lite.Except(server).Select(column => $"{table}.{column}: only in SQLite"));
            differences.AddRange(server.Except(lite).Select(column => $"{table}.{column}: only in SQL Server"));
        }
        return differences;
    }

    private static Dictionary<string, SortedSet<string>> SqlServerSchema(IEnumerable<string> scripts)
    {
        var schema = new SchemaBuilder();
        foreach (var batch in scripts.SelectMany(script => GoSeparator().Split(script)).Where(batch => !string.IsNullOrWhiteSpace(batch)))
        {
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(batch);
            var fragment = parser.Parse(reader, out var errors);
            Assert.That(errors.Select(e => $"line {e.Line}: {e.Message}"), Is.Empty, batch);
            fragment.Accept(schema);
        }
        return schema.Tables;
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    /// <summary>Follows the statements that change which tables and columns exist, in script order.</summary>
    private sealed class SchemaBuilder : TSqlFragmentVisitor
    {
        public Dictionary<string, SortedSet<string>> Tables { get; } = [];

        public override void ExplicitVisit(CreateTableStatement node) =>
            Tables[Name(node.SchemaObjectName)] = new SortedSet<string>(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value.ToLowerInvariant()));

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                Tables[Name(node.SchemaObjectName)].Add(column.ColumnIdentifier.Value.ToLowerInvariant());
            }
        }

        public override void ExplicitVisit(AlterTableDropTableElementStatement node)
        {
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
            {
                Tables[Name(node.SchemaObjectName)].Remove(element.Name.Value.ToLowerInvariant());
            }
        }

        public override void ExplicitVisit(DropTableStatement node)
        {
            foreach (var table in node.Objects)
            {
                Tables.Remove(Name(table));
            }
        }

        // EXEC sp_rename 'dbo.old', 'new'  |  EXEC sp_rename 'dbo.table.old', 'new', 'COLUMN'
        public override void ExplicitVisit(ExecuteStatement node)
        {
            if (node.ExecuteSpecification.ExecutableEntity is not ExecutableProcedureReference { ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value: var procedure }
                || !procedure.Equals("sp_rename", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            var arguments = ((ExecutableProcedureReference)node.ExecuteSpecification.ExecutableEntity).Parameters
                .Select(p => (p.ParameterValue as StringLiteral)?.Value ?? "").ToList();
            var parts = arguments[0].Split('.').Select(part => part.Trim('[', ']').ToLowerInvariant()).ToList();
            if (arguments.Count > 2 && arguments[2].Equals("COLUMN", StringComparison.OrdinalIgnoreCase))
            {
                var columns = Tables[parts[^2]];
                columns.Remove(parts[^1]);
                columns.Add(arguments[1].ToLowerInvariant());
            }
            else if (Tables.Remove(parts[^1], out var columns))
            {
                Tables[arguments[1].ToLowerInvariant()] = columns;
            }
        }

        private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value.ToLowerInvariant();
    }
}
