using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// Two service processes on one SQLite file and one Redis: B dispatches the outbox, a board listens on
/// A, a nurse charts through B, and B is killed (SIGKILL) while readings are in flight; the nurse's
/// client retries on A with the same Idempotency-Key, as a load balancer would. Used by the scale-out
/// test (once, with assertions) and by the benchmark's failover mode (repeated, timed).
/// </summary>
public static class FailoverDrill
{
    public sealed record Result(
        string Ward,
        string HolderBefore,
        string? HolderAfter,
        int DispatcherProcessId,
        bool AlarmThroughBReachedBoardOnA,
        IReadOnlyList<(long Sequence, string Id)> Committed,
        IReadOnlyList<(long Sequence, string Id)> Applied,
        long UnsentAtEnd,
        int DuplicatesDropped,
        IReadOnlyList<string> AcknowledgedObservations,
        IReadOnlyList<string> ObservationsOnBoard,
        int ReadingsBeforeKill,
        TimeSpan Failover);

    public static async Task<Result> RunAsync(RedisServer redis, int readings = 40, int killAfter = 15)
    {
        var environment = new Dictionary<string, string> { ["Monitoring__Redis"] = redis.Configuration };
        await using var b = await ServiceProcess.StartAsync(Store.Sqlite, environment: environment);
        var db = new Database(b);
        var holderBefore = await WaitForHolderAsync(db, $":{b.BaseAddress.Port}/", TimeSpan.FromSeconds(30));
        await using var a = await ServiceProcess.StartAsync(Store.Sqlite, sharedDataPath: b.DataPath, environment: environment);

        var ward = "FO" + Random.Shared.Next(10_000, 99_999);
        string[] beds = [$"{ward}-01", $"{ward}-02", $"{ward}-03"];
        using var admin = await a.SignedInAsync("admin", ServiceProcess.AdminPassword);
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = "Failover", beds });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "failover-password-1", role = "nurse", wards = new[] { ward } });
        var token = await a.TokenAsync($"nurse-{ward}", "failover-password-1");
        using var viaA = a.CreateClient(token);
        using var viaB = b.CreateClient(token);
        var patients = new List<string>();
        foreach (var bed in beds)
        {
            var admitted = await ServiceProcess.PostOkAsync(viaA, "/api/admissions", new { mrn = $"M{Guid.NewGuid():N}"[..12], displayName = "F", dateOfBirth = "1980-01-01", ward, bed, substances = new[] { "opioid" } });
            patients.Add((string)admitted["id"]!);
        }

        await using var board = new WardListener(a.BaseAddress, token);
        var from = (long)(await board.JoinAsync(ward))["lastSequence"]!;

        // An alarm charted through B reaches the board on A (over Redis), before anything is killed.
        await ServiceProcess.PostOkAsync(viaB, $"/api/admissions/{patients[0]}/vitals", Vitals(respiratoryRate: 7, sedation: "3"));
        var alarmed = await Succeeds(board.WaitForAsync(e => (string?)e["type"] == "alertRaised" && (string?)e["alert"]!["code"] == "respiratory-depression", TimeSpan.FromSeconds(20)));

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var next = -1;
        var killed = 0;
        long killedAt = 0;
        long sequenceAtKill = long.MaxValue;
        async Task WriterAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < readings; i = Interlocked.Increment(ref next))
            {
                var body = Vitals(respiratoryRate: i % 3 == 0 ? 7 : 16 - (i % 5), sedation: i % 3 == 0 ? "3" : "1");
                var key = Guid.NewGuid().ToString("N");
                JsonObject? answer = null;
                if (Volatile.Read(ref killed) == 0)
                {
                    try
                    {
                        answer = await ServiceProcess.PostOkAsync(viaB, $"/api/admissions/{patients[i % patients.Count]}/vitals", body, key);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        // B died with this request in flight: committed or not, the retry with the same key settles it.
                    }
                }
                answer ??= await ServiceProcess.PostOkAsync(viaA, $"/api/admissions/{patients[i % patients.Count]}/vitals", body, key);
                acknowledged.Add((string)answer["id"]!);
                if (acknowledged.Count >= killAfter && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    killedAt = Stopwatch.GetTimestamp();
                    b.Kill();
                    sequenceAtKill = await LastSequenceAsync(db, ward);
                }
            }
        }
        await Task.WhenAll(WriterAsync(), WriterAsync());

        var last = await LastSequenceAsync(db, ward);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (board.LastSequence < last && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var committed = (await db.QueryAsync<(long, string)>("SELECT sequence, id FROM outbox WHERE ward_code = @Ward AND sequence > @From ORDER BY sequence", new { Ward = ward, From = from })).ToList();
        var unsent = await WaitForAllSentAsync(db, ward);
        var applied = board.Events.Select(e => ((long)e["sequence"]!, (string)e["id"]!)).Where(e => e.Item1 > from).ToList();
        var onBoard = board.Events.Where(e => (string?)e["type"] == "observationRecorded").Select(e => (string)e["observation"]!["id"]!).ToList();
        var firstAfterKill = board.Arrivals.Where(arrival => arrival.Sequence > sequenceAtKill).Select(arrival => arrival.Timestamp).DefaultIfEmpty(0).Min();
        var holderAfter = (await db.QueryAsync<string?>("SELECT holder FROM dispatch_leases WHERE name = 'outbox'")).Single();
        return new Result(ward, holderBefore, holderAfter, b.ProcessId ?? 0, alarmed, committed, applied, unsent, board.DuplicatesDropped,
            [.. acknowledged], onBoard, killAfter,
            firstAfterKill == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(killedAt, firstAfterKill));
    }

    private static async Task<long> WaitForAllSentAsync(Database db, string ward)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long unsent;
        while ((unsent = await db.CountAsync("outbox", "ward_code = @Ward AND sent_at IS NULL", new { Ward = ward })) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return unsent;
    }

    internal static async Task<string> WaitForHolderAsync(Database db, string contains, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var holder = (await db.QueryAsync<string?>("SELECT holder FROM dispatch_leases WHERE name = 'outbox'")).SingleOrDefault();
            if (holder is not null && holder.Contains(contains, StringComparison.Ordinal))
            {
                return holder;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The first instance never took the dispatch lease (holder: {holder ?? "none"}).");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<long> LastSequenceAsync(Database db, string ward) =>
        (await db.QueryAsync<long>("SELECT last_sequence FROM ward_sequences WHERE ward_code = @Ward", new { Ward = ward })).Single();

    private static async Task<bool> Succeeds(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    internal static object Vitals(int respiratoryRate, string sedation) => new
    {
        observedAt = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"),
        respiratoryRate,
        spo2 = 97,
        onOxygen = false,
        systolicBp = 124,
        diastolicBp = 78,
        heartRate = 72,
        temperatureC = 36.8m,
        consciousness = "A",
        sedation,
    };
}
