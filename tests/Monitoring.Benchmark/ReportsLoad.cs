using System.Globalization;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>
/// <c>--reports [days]</c>: the manager's reports and the handover sheet over a ward of 60 beds with <c>days</c> (default 90)
/// of charting each (vitals every 15 min from the history generator) and the alerts such a ward raises, each read
/// several times; the target is under 500 ms each.
/// </summary>
public static class ReportsLoad
{
    public const int Beds = 60;
    public const int DefaultDays = 90;
    private const int AlertsPerPatientDay = 4;
    private const int Repeats = 9;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'";
    private static readonly string[] Codes = ["respiratory-depression", "oversedation", "news2-single-parameter", "observations-overdue", "withdrawal-severe"];
    private static readonly string[] Actions = ["called-physician", "reviewed-at-bedside", "observations-increased"];
    private static readonly string[] Outcomes = ["treated", "no-action-needed", "artefact"];

    public static async Task<int> RunAsync(int days)
    {
        Console.WriteLine($"Starting the service (Release build) on a fresh SQLite database; {Environment.ProcessorCount} cores.");
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        var database = Path.Combine(service.DataPath, "monitoring.db");
        var staff = await Staff.PrepareAsync(service, [("REPORTS", Beds)]);
        var patients = await staff.AdmitAsync("REPORTS", Beds);
        using (var admin = Staff.Client(service, await service.TokenAsync("admin", ServiceProcess.AdminPassword)))
        using (var created = await admin.PostAsJsonAsync("/api/users", new { username = "bench-manager", password = "benchmark-manager-1", role = "manager", wards = Array.Empty<string>() }))
        {
            created.EnsureSuccessStatusCode();
        }
        var nurseId = Guid.Parse((await Scale.QueryUserIdAsync(database, "bench-nurse"))!);

        var seeding = System.Diagnostics.Stopwatch.StartNew();
        foreach (var patient in patients)
        {
            await Scale.SeedHistoryAsync(database, patient, nurseId, days * 24 * 4);
        }
        var alerts = await SeedAlertsAsync(database, patients, nurseId, days);
        var rounds = await SeedRoundsAsync(database, patients, days);
        Console.WriteLine($"Seeded {patients.Count * days * 96:N0} vitals, {alerts:N0} alerts (with their history and responses) and {rounds:N0} observation rounds in {seeding.Elapsed.TotalSeconds:0} s.");

        // Signed in after the seeding, which can outlast a 15-minute token.
        using var manager = Staff.Client(service, await service.TokenAsync("bench-manager", "benchmark-manager-1"));
        var reads = new List<ReadLatency>();
        foreach (var report in new[] { "response", "alert-load", "observations" })
        {
            reads.Add(await Scale.MeasureAsync(manager, $"{report}, last 7 days (default)", Beds, $"/api/wards/REPORTS/reports/{report}", Repeats));
            reads.Add(await Scale.MeasureAsync(manager, $"{report}, {days} days", Beds, $"/api/wards/REPORTS/reports/{report}?since={DateTime.UtcNow.AddDays(-days):yyyy-MM-dd}", Repeats));
        }
        reads.Add(await Scale.MeasureAsync(manager, "handover", Beds, "/api/wards/REPORTS/handover", Repeats));
        // The handover reads the board's tiles: the board alone shows how much of its time is theirs.
        reads.Add(await Scale.MeasureAsync(manager, "board (for comparison)", Beds, "/api/wards/REPORTS/board", Repeats));

        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine($"\nMachine: {MachineInfo.Describe()}\n");
        Console.WriteLine($"| read ({Beds} beds, {days} days) | median ms of {Repeats} | max ms |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (var read in reads)
        {
            Console.WriteLine($"| {read.What} | {F(read.MedianMs)} | {F(read.MaxMs)} |");
        }
        var slow = reads.Where(read => read.MedianMs >= 500 && !read.What.StartsWith("board", StringComparison.Ordinal)).Select(read => read.What).ToList();
        Console.WriteLine(slow.Count == 0 ? "PASSED: every median under 500 ms." : "FAILED: median 500 ms or more: " + string.Join(", ", slow));
        return slow.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Rounds as the schedule keeps them: vitals hourly and COWS 4-hourly, each charted 10 min early to 40 min late of its
    /// due time and the next due an interval after that; one in 20 superseded uncharted half an hour after it was due.
    /// </summary>
    private static async Task<int> SeedRoundsAsync(string databasePath, IReadOnlyList<Guid> patients, int days)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=60");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 60000;");
        var random = new Random(18);
        var end = DateTimeOffset.UtcNow;
        string T(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var patient in patients)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            // The seeded rounds replace those the admission began.
            await connection.ExecuteAsync("DELETE FROM observation_rounds WHERE admission_id = @AdmissionId", new { AdmissionId = patient.ToString("D") }, transaction);
            var rows = new List<object>();
            foreach (var (kind, interval) in new[] { ("vitals", TimeSpan.FromHours(1)), ("cows", TimeSpan.FromHours(4)) })
            {
                var last = end.AddDays(-days);
                var set = last;
                var due = last + interval;
                while (true)
                {
                    var charted = random.Next(20) == 0 ? (DateTimeOffset?)null : due.AddMinutes(random.Next(-10, 41));
                    var ended = charted?.AddSeconds(1) ?? due.AddMinutes(30);
                    var current = ended >= end;
                    rows.Add(new
                    {
                        AdmissionId = patient.ToString("D"),
                        Kind = kind,
                        Due = T(due),
                        Last = T(last),
                        Set = T(set),
                        Ended = current ? null : T(ended),
                        Charted = current || charted is null ? null : T(charted.Value),
                    });
                    if (current)
                    {
                        break;
                    }
                    last = charted ?? last;
                    due = (charted ?? due) + interval;
                    set = ended;
                }
            }
            await connection.ExecuteAsync(
                """
                INSERT INTO observation_rounds (admission_id, kind, due_at, basis, last_observed_at, set_at, ended_at, charted_at)
                VALUES (@AdmissionId, @Kind, @Due, 'seeded', @Last, @Set, @Ended, @Charted)
                """, rows, transaction);
            await transaction.CommitAsync();
            count += rows.Count;
        }
        return count;
    }

    /// <summary>Alerts spread over the days, each raised, acknowledged after 30 s to 20 min, answered and most resolved, in the stored formats.</summary>
    private static async Task<int> SeedAlertsAsync(string databasePath, IReadOnlyList<Guid> patients, Guid nurseId, int days)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=60");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 60000;");
        var random = new Random(28);
        var start = DateTimeOffset.UtcNow.AddDays(-days);
        string T(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        var count = 0;
        for (var p = 0; p < patients.Count; p++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var alerts = new List<object>();
            var events = new List<object>();
            var responses = new List<object>();
            for (var i = 0; i < days * AlertsPerPatientDay; i++)
            {
                var id = Guid.NewGuid().ToString("D");
                var raised = start.AddMinutes(random.NextDouble() * (days * 1440 - 120));
                var acknowledged = raised.AddSeconds(30 + random.Next(1200));
                var resolved = acknowledged.AddMinutes(5 + random.Next(120));
                var priority = random.Next(3) == 0 ? "high" : "medium";
                alerts.Add(new
                {
                    Id = id,
                    AdmissionId = patients[p].ToString("D"),
                    Bed = $"REPORTS-{p + 1:0000}",
                    Code = Codes[random.Next(Codes.Length)],
                    Priority = priority,
                    Raised = T(raised),
                    Acknowledged = T(acknowledged),
                    Resolved = T(resolved),
                    By = nurseId.ToString("D"),
                    Outcome = Outcomes[random.Next(Outcomes.Length)],
                });
                events.Add(new { Id = Guid.NewGuid().ToString("D"), AlertId = id, Event = "raised", At = T(raised), By = (string?)null, Priority = priority });
                events.Add(new { Id = Guid.NewGuid().ToString("D"), AlertId = id, Event = "acknowledged", At = T(acknowledged), By = (string?)nurseId.ToString("D"), Priority = priority });
                events.Add(new { Id = Guid.NewGuid().ToString("D"), AlertId = id, Event = "resolved", At = T(resolved), By = (string?)nurseId.ToString("D"), Priority = priority });
                responses.Add(new { Id = Guid.NewGuid().ToString("D"), AlertId = id, Action = Actions[random.Next(Actions.Length)], At = T(raised.AddSeconds(60 + random.Next(900))), By = nurseId.ToString("D") });
            }
            await connection.ExecuteAsync(
                """
                INSERT INTO alerts (id, admission_id, ward_code, bed_code, code, priority, status, raised_at, last_seen_at, activated_at, reason,
                                    acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolve_note, outcome)
                VALUES (@Id, @AdmissionId, 'REPORTS', @Bed, @Code, @Priority, 'resolved', @Raised, @Raised, @Raised, 'seeded', @Acknowledged, @By, @Resolved, @By, 'seeded', @Outcome)
                """, alerts, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO alert_events (id, alert_id, event, occurred_at, user_id, priority) VALUES (@Id, @AlertId, @Event, @At, @By, @Priority)", events, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO alert_responses (id, alert_id, action, at, recorded_at, recorded_by) VALUES (@Id, @AlertId, @Action, @At, @At, @By)", responses, transaction);
            await transaction.CommitAsync();
            count += alerts.Count;
        }
        return count;
    }
}
