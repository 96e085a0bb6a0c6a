using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// Another process takes the write lock while writers are already writing, single readings and batches, on the
/// ward's 5 s deadline. A nurse whose save cannot be stored must hear so within that deadline (503 with Retry-After)
/// and send again, not watch a spinner until the other process lets go; what was acknowledged is stored, and the
/// first write after the release succeeds.
/// </summary>
public sealed class LockedStoreInFlightTests
{
    private const int WriteTimeoutSeconds = 5;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(14);

    // The deadline plus one SQLite busy wait that had begun just before it (at most the deadline again, plus a second).
    private static readonly TimeSpan LongestAnswer = TimeSpan.FromSeconds((2 * WriteTimeoutSeconds) + 1);

    private sealed record Answer(HttpStatusCode Status, TimeSpan Took, int Readings, string? ProblemType, TimeSpan? RetryAfter);

    [Test]
    public async Task Writes_in_flight_when_another_process_takes_the_lock_are_answered_503_within_the_deadline()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, environment: new Dictionary<string, string>
        {
            ["Monitoring__Database__WriteTimeoutSeconds"] = WriteTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var nurse = await FaultScenario.AgainWhenBusyAsync(() => FaultScenario.NurseWithPatientAsync(service, "LIF"));
        var admission = await FaultScenario.AgainWhenBusyAsync(() => FaultScenario.AdmitAsync(nurse, "LIF"));
        var before = await new Database(service).CountAsync("observations");

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(i => WriteUntilAsync(nurse, admission, batch: i % 2 == 1, stop.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using (await FaultScenario.HoldWriteLockAsync(service))
        {
            await Task.Delay(Hold);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var answers = (await Task.WhenAll(writers)).SelectMany(a => a).ToList();

        Assert.That(answers.Select(a => a.Status).Distinct(), Is.SubsetOf(new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }),
            "a write is stored or refused as busy, nothing else");
        var refused = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.That(refused, Is.Not.Empty, "writes were refused while the lock was held");
        Assert.That(refused.Select(a => a.ProblemType), Has.All.Contains("store-busy"));
        Assert.That(refused.Select(a => a.RetryAfter), Has.All.Not.Null, "every refusal says when to send again");
        Assert.That(answers.Max(a => a.Took), Is.LessThan(LongestAnswer),
            $"no write waited for the lock's release ({Hold.TotalSeconds:F0} s); slowest answers: {string.Join(", ", answers.OrderByDescending(a => a.Took).Take(5).Select(a => $"{a.Status} {a.Took.TotalSeconds:F1} s"))}");
        var acknowledged = answers.Where(a => a.Status == HttpStatusCode.Created).Sum(a => a.Readings);
        Assert.That(await new Database(service).CountAsync("observations"), Is.EqualTo(before + acknowledged), "every acknowledged reading is stored, no refused one");

        using var after = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", FaultScenario.Vitals());
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), await after.Content.ReadAsStringAsync());
    }

    private static async Task<List<Answer>> WriteUntilAsync(HttpClient nurse, Guid admission, bool batch, CancellationToken stop)
    {
        var answers = new List<Answer>();
        while (!stop.IsCancellationRequested)
        {
            var readings = batch ? 5 : 1;
            var uri = batch ? $"/api/admissions/{admission}/vitals/batch" : $"/api/admissions/{admission}/vitals";
            object body = batch ? new { readings = Enumerable.Range(0, readings).Select(k => FaultScenario.Vitals(DateTimeOffset.UtcNow.AddSeconds(k - 30))).ToArray() } : FaultScenario.Vitals();
            var started = Stopwatch.GetTimestamp();
            using var response = await nurse.PostAsJsonAsync(uri, body, CancellationToken.None);
            var took = Stopwatch.GetElapsedTime(started);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            var type = response.StatusCode == HttpStatusCode.Created ? null : (string?)JsonNode.Parse(text)?["type"];
            answers.Add(new Answer(response.StatusCode, took, readings, type, response.Headers.RetryAfter?.Delta));
        }
        return answers;
    }
}
