using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Timeline;

/// <summary>The timeline a page at a time: keyset cursor, time window, page size, bad input and roles.</summary>
public sealed class TimelinePagingTests(Store store) : ApiTest(store)
{
    private sealed record Page(IReadOnlyList<JsonObject> Entries, string? NextCursor);

    private async Task<(HttpClient Nurse, Guid Admission, TestWard Ward)> PatientAsync()
    {
        var ward = await NewWardAsync();
        var nurse = await SignInAsync("nurse", ward.Code);
        return (nurse, await AdmitAsync(nurse, ward, admittedAgo: TimeSpan.FromHours(20)), ward);
    }

    private static async Task<string> ChartAsync(HttpClient nurse, Guid admission, string kind, DateTimeOffset at)
    {
        object body = kind switch
        {
            "vitals" => NormalVitals(at),
            "cows" => new Dictionary<string, object?> { ["observedAt"] = at.ToString("O"), ["items"] = CowsItems() },
            _ => new Dictionary<string, object?> { ["drug"] = "diazepam", ["dose"] = 5m, ["unit"] = "mg", ["route"] = "PO", ["givenAt"] = at.ToString("O") },
        };
        using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/{(kind == "dose" ? "doses" : kind)}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (string)(await ReadObjectAsync(response))["id"]!;
    }

    private static async Task<Page> PageAsync(HttpClient client, Guid admission, string query)
    {
        using var response = await client.GetAsync(new Uri($"/api/admissions/{admission}/timeline{query}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.That((string?)body["admissionId"], Is.EqualTo(admission.ToString()));
        Assert.That(body.ContainsKey("nextCursor"), Is.True, "nextCursor is always present, null on the last page");
        return new Page([.. body["entries"]!.AsArray().Select(e => e!.AsObject())], (string?)body["nextCursor"]);
    }

    /// <summary>Every page from the first (or after <paramref name="from"/>), following nextCursor; <paramref name="window"/> is extra query text ("&amp;since=…").</summary>
    private static async Task<List<Page>> WalkAsync(HttpClient client, Guid admission, int limit, string window = "", string? from = null)
    {
        var pages = new List<Page>();
        var cursor = from;
        do
        {
            var page = await PageAsync(client, admission, $"?limit={limit}{window}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            pages.Add(page);
            cursor = page.NextCursor;
            Assert.That(pages, Has.Count.LessThan(1000), "the walk ends");
        }
        while (cursor is not null);
        return pages;
    }

    private static List<string> Ids(IEnumerable<Page> pages) => [.. pages.SelectMany(p => p.Entries).Select(e => (string)e["id"]!)];

    private static DateTimeOffset At(JsonObject entry) => (DateTimeOffset)entry["at"]!;

    private static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    [Test]
    public async Task Pages_walk_the_whole_stay_once_in_order_with_ties_across_page_boundaries()
    {
        var (nurse, admission, _) = await PatientAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero);
        var charted = new List<string>();
        // Five entries of three sources at one instant, more at another: any page size below five splits a tie.
        foreach (var kind in new[] { "vitals", "vitals", "cows", "dose", "vitals" })
        {
            charted.Add(await ChartAsync(nurse, admission, kind, start.AddHours(1)));
        }
        foreach (var (kind, hours) in new[] { ("vitals", 0.0), ("cows", 2), ("dose", 2), ("vitals", 2), ("vitals", 3) })
        {
            charted.Add(await ChartAsync(nurse, admission, kind, start.AddHours(hours)));
        }

        // Bounded before now: the service's overdue sweep may raise an alert (at now) between two reads.
        var window = $"&until={Query(DateTimeOffset.UtcNow.AddMinutes(-1))}";
        var whole = await PageAsync(nurse, admission, $"?limit=1000{window}");
        Assert.That(whole.NextCursor, Is.Null);
        Assert.That(whole.Entries.Select(e => (string)e["id"]!), Is.EquivalentTo(charted));
        Assert.That(whole.Entries.Select(At), Is.Ordered);
        Assert.That(whole.Entries.Select(e => (string?)e["type"]), Is.SupersetOf(new[] { "vitals", "cows", "dose" }));
        var tie = whole.Entries.Where(e => At(e) == start.AddHours(1)).Select(e => (string)e["id"]!).ToList();
        Assert.That(tie, Has.Count.EqualTo(5));
        if (Store == Store.Sqlite)
        {
            Assert.That(tie, Is.Ordered.Using<string>(StringComparer.Ordinal), "ties in id order");
        }

        foreach (var limit in new[] { 1, 2, 3, 4, 7 })
        {
            var pages = await WalkAsync(nurse, admission, limit, window);
            Assert.That(Ids(pages), Is.EqualTo(whole.Entries.Select(e => (string)e["id"]!)), $"limit {limit}: every entry once, in order");
            Assert.That(pages.SkipLast(1).Select(p => p.Entries.Count), Is.All.EqualTo(limit), $"limit {limit}: full pages until the last");
            Assert.That(pages[^1].Entries, Has.Count.InRange(1, limit));
        }

        var walked = await WalkAsync(nurse, admission, 3, window);
        Assert.That(await Db.CountAsync("audit_log", "admission_id = @Id AND action = 'timeline.read'", new { Id = Db.Id(admission) }),
            Is.GreaterThanOrEqualTo(walked.Count + 1), "every page read is audited");
        nurse.Dispose();
    }

    [Test]
    public async Task Every_page_read_is_audited()
    {
        var (nurse, admission, _) = await PatientAsync();
        for (var i = 0; i < 5; i++)
        {
            await ChartAsync(nurse, admission, "vitals", DateTimeOffset.UtcNow.AddHours(-5 + i));
        }
        var before = await Db.CountAsync("audit_log", "admission_id = @Id AND action = 'timeline.read'", new { Id = Db.Id(admission) });
        var pages = await WalkAsync(nurse, admission, 2, $"&until={Query(DateTimeOffset.UtcNow.AddMinutes(-1))}");
        Assert.That(pages, Has.Count.EqualTo(3));
        Assert.That(await Db.CountAsync("audit_log", "admission_id = @Id AND action = 'timeline.read'", new { Id = Db.Id(admission) }), Is.EqualTo(before + 3));
        nurse.Dispose();
    }

    [Test]
    public async Task Since_and_until_bound_the_pages()
    {
        var (nurse, admission, _) = await PatientAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-12);
        var byHour = new Dictionary<int, string>();
        for (var hour = 0; hour < 6; hour++)
        {
            byHour[hour] = await ChartAsync(nurse, admission, hour % 2 == 0 ? "vitals" : "dose", start.AddHours(hour));
        }
        // An entry exactly at until is outside: the window is [since, until).
        var window = $"&since={Query(start.AddHours(1))}&until={Query(start.AddHours(4))}";

        foreach (var limit in new[] { 1, 2, 200 })
        {
            var pages = await WalkAsync(nurse, admission, limit, window);
            Assert.That(Ids(pages), Is.EqualTo(new[] { byHour[1], byHour[2], byHour[3] }), $"limit {limit}");
        }
        var onlySince = await WalkAsync(nurse, admission, 2, $"&since={Query(start.AddHours(4))}");
        Assert.That(onlySince.SelectMany(p => p.Entries).Select(At), Is.All.GreaterThanOrEqualTo(start.AddHours(4)));
        Assert.That(Ids(onlySince).Where(byHour.ContainsValue), Is.EqualTo(new[] { byHour[4], byHour[5] }), "and any alert the overdue sweep raised since");
        var onlyUntil = await WalkAsync(nurse, admission, 2, $"&until={Query(start.AddHours(1))}");
        Assert.That(Ids(onlyUntil), Is.EqualTo(new[] { byHour[0] }));
        // A cursor from before since reads from since; one from after it, from the cursor.
        var early = await PageAsync(nurse, admission, "?limit=1");
        var fromSince = await WalkAsync(nurse, admission, 2, $"&since={Query(start.AddHours(3))}", early.NextCursor);
        Assert.That(Ids(fromSince).Where(byHour.ContainsValue), Is.EqualTo(new[] { byHour[3], byHour[4], byHour[5] }));
        Assert.That(fromSince.SelectMany(p => p.Entries).Select(At), Is.All.GreaterThanOrEqualTo(start.AddHours(3)));
        var fromCursor = await WalkAsync(nurse, admission, 2, $"&since={Query(start.AddHours(-1))}", early.NextCursor);
        Assert.That(Ids(fromCursor).Where(byHour.ContainsValue), Is.EqualTo(new[] { byHour[1], byHour[2], byHour[3], byHour[4], byHour[5] }));
        var empty = await PageAsync(nurse, admission, $"?since={Query(start.AddHours(2))}&until={Query(start.AddHours(2))}");
        Assert.That(empty.Entries, Is.Empty);
        Assert.That(empty.NextCursor, Is.Null);
        nurse.Dispose();
    }

    [Test]
    public async Task Limit_bounds_a_page_and_without_parameters_the_first_page_has_the_default_size()
    {
        var (nurse, admission, _) = await PatientAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-19);
        // 205 entries, charted by a few clients at once.
        var charting = Enumerable.Range(0, 205).Select(i => start.AddMinutes(5 * i)).Chunk(8);
        foreach (var batch in charting)
        {
            await Task.WhenAll(batch.Select(at => ChartAsync(nurse, admission, "vitals", at)));
        }

        var first = await PageAsync(nurse, admission, "");
        Assert.That(first.Entries, Has.Count.EqualTo(200), "the default page size");
        Assert.That(first.NextCursor, Is.Not.Null);
        Assert.That(At(first.Entries[0]), Is.EqualTo(start), "the first page starts at the beginning of the stay");

        var five = await PageAsync(nurse, admission, "?limit=5");
        Assert.That(five.Entries.Select(e => (string)e["id"]!), Is.EqualTo(first.Entries.Take(5).Select(e => (string)e["id"]!)));
        var rest = await PageAsync(nurse, admission, $"?limit=1000&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        Assert.That(rest.Entries, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(rest.NextCursor, Is.Null);
        Assert.That(first.Entries.Concat(rest.Entries).Select(e => (string)e["id"]!), Is.Unique);
        nurse.Dispose();
    }

    [Test]
    public async Task Entries_charted_between_page_reads_after_the_cursor_appear_on_later_pages()
    {
        var (nurse, admission, _) = await PatientAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        for (var hour = 0; hour < 4; hour++)
        {
            await ChartAsync(nurse, admission, "vitals", start.AddHours(hour));
        }
        var first = await PageAsync(nurse, admission, "?limit=2");
        Assert.That(first.Entries.Select(At), Is.EqualTo(new[] { start, start.AddHours(1) }));

        var between = await ChartAsync(nurse, admission, "dose", start.AddHours(1.5));
        var atCursor = await ChartAsync(nurse, admission, "vitals", start.AddHours(1));
        var latest = await ChartAsync(nurse, admission, "vitals", start.AddHours(5));

        var later = new List<Page>();
        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await PageAsync(nurse, admission, $"?limit=2&cursor={Uri.EscapeDataString(cursor)}");
            later.Add(page);
            cursor = page.NextCursor;
        }
        var ids = Ids(later);
        Assert.That(ids, Has.Member(between).And.Member(latest));
        Assert.That(ids, Is.Unique);
        Assert.That(ids.Intersect(first.Entries.Select(e => (string)e["id"]!)), Is.Empty, "nothing sent twice");
        Assert.That(later.SelectMany(p => p.Entries).Select(At), Is.Ordered);
        Assert.That(later.SelectMany(p => p.Entries).Select(At), Is.All.GreaterThanOrEqualTo(start.AddHours(1)));
        // An entry at the cursor's own time comes later only if its id sorts after the cursor's; either way once at most.
        Assert.That(ids.Count(id => id == atCursor), Is.LessThanOrEqualTo(1));
        nurse.Dispose();
    }

    private static IEnumerable<TestCaseData> BadQueries()
    {
        TestCaseData Case(string query, string field, string name) => new TestCaseData(query, field).SetName($"Bad timeline query is a 400 naming {field}: {name}");
        yield return Case("?limit=0", "limit", "limit 0");
        yield return Case("?limit=-3", "limit", "negative limit");
        yield return Case("?limit=1001", "limit", "limit above the maximum");
        yield return Case("?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until", "since after until");
        yield return Case("?cursor=not-a-cursor", "cursor", "garbage cursor");
        yield return Case("?cursor=AAAA", "cursor", "cursor too short");
        yield return Case("?cursor=AQAI30_0WeyiQYA4o!E35hZ-h82a3PO5kIEC", "cursor", "cursor with a character outside base64url");
        yield return Case("?cursor=" + new string('A', 34), "cursor", "cursor of an unknown version");
        yield return Case("?cursor=" + new string('A', 200), "cursor", "cursor too long");
        yield return Case("?cursor=", "cursor", "empty cursor");
    }

    [TestCaseSource(nameof(BadQueries))]
    public async Task Bad_queries_are_problems_naming_the_field(string query, string field)
    {
        var (nurse, admission, _) = await PatientAsync();
        var audited = await Db.CountAsync("audit_log", "admission_id = @Id AND action = 'timeline.read'", new { Id = Db.Id(admission) });
        using var response = await nurse.GetAsync(new Uri($"/api/admissions/{admission}/timeline{query}", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await Db.CountAsync("audit_log", "admission_id = @Id AND action = 'timeline.read'", new { Id = Db.Id(admission) }), Is.EqualTo(audited), "nothing read");
        nurse.Dispose();
    }

    [Test]
    public async Task A_limit_that_is_not_a_number_is_a_problem()
    {
        var (nurse, admission, _) = await PatientAsync();
        using var response = await nurse.GetAsync(new Uri($"/api/admissions/{admission}/timeline?limit=many", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        nurse.Dispose();
    }

    [Test]
    public async Task A_manager_or_admin_cannot_read_a_page_and_a_nurse_of_another_ward_finds_nothing()
    {
        var (nurse, admission, ward) = await PatientAsync();
        await ChartAsync(nurse, admission, "vitals", DateTimeOffset.UtcNow.AddHours(-3));
        await ChartAsync(nurse, admission, "vitals", DateTimeOffset.UtcNow.AddHours(-2));
        var first = await PageAsync(nurse, admission, "?limit=1");
        var next = $"?limit=1&cursor={Uri.EscapeDataString(first.NextCursor!)}";
        using var manager = await SignInAsync("manager");
        using var admin = await AdminAsync();
        var otherWard = await NewWardAsync();
        using var outsider = await SignInAsync("nurse", otherWard.Code);
        using var physician = await SignInAsync("physician", ward.Code);

        foreach (var (client, status) in new[] { (manager, HttpStatusCode.Forbidden), (admin, HttpStatusCode.Forbidden), (outsider, HttpStatusCode.NotFound) })
        {
            using var response = await client.GetAsync(new Uri($"/api/admissions/{admission}/timeline{next}", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("\"entries\""));
        }
        var page = await PageAsync(physician, admission, next);
        Assert.That(page.Entries, Has.Count.EqualTo(1));
        nurse.Dispose();
    }
}
