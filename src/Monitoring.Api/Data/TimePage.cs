using System.Text;

namespace Monitoring.Api.Data;

/// <summary>
/// One page of an admission's rows in (time, id) order: an optional time window [since, until), the key of
/// the last row already read, and how many rows to read. Each source reads its page with an index on
/// (admission, …, time, id), so a page costs the same at the start of a stay as at its end.
/// </summary>
public sealed record TimePage(Guid AdmissionId, DateTimeOffset? Since, DateTimeOffset? Until, DateTimeOffset? AfterAt, Guid? AfterId, int Rows)
{
    /// <summary>Completes <paramref name="selectWhere"/> (a query ending in its WHERE clause) into this page's query.</summary>
    public string Sql(SqlDialect dialect, string selectWhere, string atColumn, string idColumn)
    {
        var sql = new StringBuilder(selectWhere);
        // Only the stronger of the two lower bounds is sent: given both, the engine may seek on the weaker
        // and filter its way from since to the cursor.
        var fromCursor = AfterAt is not null && (Since is null || AfterAt >= Since);
        if (fromCursor)
        {
            sql.Append(" AND ").Append(dialect.After(atColumn, idColumn, "@AfterAt", "@AfterId"));
        }
        else if (Since is not null)
        {
            sql.Append($" AND {atColumn} >= @Since");
        }
        if (Until is not null)
        {
            sql.Append($" AND {atColumn} < @Until");
        }
        sql.Append($" ORDER BY {atColumn}, {idColumn}");
        return dialect.Top(Rows, sql.ToString());
    }
}
