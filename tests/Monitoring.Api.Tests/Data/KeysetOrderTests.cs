using Monitoring.Api.Data;
using Monitoring.Api.Features.Timeline;

namespace Monitoring.Api.Tests.Data;

/// <summary>Timeline pages merge sources in memory: the merge must order ids as the engine does, and the cursor must round-trip.</summary>
public sealed class KeysetOrderTests
{
    private static readonly Guid LowFirstGroup = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid HighFirstGroup = Guid.Parse("ffffffff-0000-0000-0000-000000000000");

    [Test]
    public void Sqlite_orders_ids_as_their_stored_text()
    {
        Assert.That(SqlDialect.Sqlite.IdOrder.Compare(LowFirstGroup, HighFirstGroup), Is.Negative);
        var ids = Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? Guid.NewGuid() : Guid.CreateVersion7()).ToList();
        Assert.That(ids.Order(SqlDialect.Sqlite.IdOrder).Select(id => id.ToString("D")), Is.Ordered.Using<string>(StringComparer.Ordinal));
    }

    [Test]
    public void Sql_server_orders_uniqueidentifiers_by_their_last_six_bytes_first()
    {
        Assert.That(SqlDialect.SqlServer.IdOrder.Compare(LowFirstGroup, HighFirstGroup), Is.Positive);
        var byLastGroup = new[] { "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0001-000000000001", "00000001-0000-0000-0000-000000000001" }
            .Select(Guid.Parse).ToList();
        Assert.That(byLastGroup.OrderDescending(SqlDialect.SqlServer.IdOrder).Select(id => id.ToString()), Is.EqualTo(new[]
        {
            "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0001-000000000001", "00000001-0000-0000-0000-000000000001",
        }));
    }

    [Test]
    public void Keyset_conditions_follow_the_dialect()
    {
        Assert.That(SqlDialect.Sqlite.After("o.observed_at", "o.id", "@At", "@Id"), Is.EqualTo("(o.observed_at, o.id) > (@At, @Id)"));
        Assert.That(SqlDialect.SqlServer.After("o.observed_at", "o.id", "@At", "@Id"), Does.Not.Contain("(o.observed_at, o.id)").And.Contain("o.id > @Id"));
    }

    [Test]
    public void A_page_seeks_from_the_later_of_since_and_the_cursor()
    {
        var since = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        string Sql(DateTimeOffset? after) => new TimePage(Guid.Empty, since, null, after, after is null ? null : Guid.Empty, 11)
            .Sql(SqlDialect.Sqlite, "SELECT o.id FROM observations o WHERE o.admission_id = @AdmissionId", "o.observed_at", "o.id");

        Assert.That(Sql(null), Does.Contain("o.observed_at >= @Since").And.Not.Contain("@AfterAt"));
        Assert.That(Sql(since.AddHours(1)), Does.Contain("@AfterAt").And.Not.Contain("@Since"));
        Assert.That(Sql(since), Does.Contain("@AfterAt").And.Not.Contain("@Since"));
        Assert.That(Sql(since.AddHours(-1)), Does.Contain("o.observed_at >= @Since").And.Not.Contain("@AfterAt"));
        Assert.That(Sql(null), Does.EndWith("ORDER BY o.observed_at, o.id LIMIT 11"));
    }

    [Test]
    public void A_cursor_round_trips_and_stays_url_safe()
    {
        var cursor = new TimelineCursor(new DateTimeOffset(2026, 11, 25, 14, 2, 3, TimeSpan.Zero).AddTicks(1234567), Guid.NewGuid());
        var text = cursor.ToString();
        Assert.That(text, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(TimelineCursor.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(cursor));
        Assert.That(TimelineCursor.TryParse(text[..^2], out _), Is.False);
        Assert.That(TimelineCursor.TryParse(null, out _), Is.False);
    }
}
