using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// Group commit on a real SQLite file: writers queued during one commit share the next, a writer that
/// fails is undone alone, nobody is answered before their batch is durable, and a kill loses nothing answered.
/// </summary>
public sealed class GroupCommitTests
{
    [Test]
    public async Task Queued_writers_share_one_commit_and_a_failing_one_is_undone_alone()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        var options = DatabaseOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Monitoring:DataPath"] = dataPath,
                // Long enough that only the queue decides when this batch commits, however slow the machine.
                [$"{DatabaseOptions.GroupCommitSection}:MaxWaitMs"] = "1000",
            }).Build());
        await using var factory = ConnectionFactory.Create(options);
        factory.PrepareForMigrations();
        await using (var setup = new SqliteConnection(options.ConnectionString))
        {
            await setup.ExecuteAsync("CREATE TABLE readings (id INTEGER PRIMARY KEY)");
        }
        var group = factory.GroupCommit!;
        try
        {
            var first = await group.EnterAsync();
            await InsertAsync(first, 1);
            var failing = Task.Run(async () =>
            {
                var turn = await group.EnterAsync();
                await InsertAsync(turn, 2);
                await turn.RollBackAsync();
            });
            await WaitUntilAsync(() => group.Waiting == 1);
            // The first writer's answer, handed over once its CommitAsync has returned: the last writer can have
            // its turn before the test's own thread gets back from that call.
            var firstAnswer = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
            var answeredBeforeBatch = true;
            long committedBeforeBatch = -1;
            var last = Task.Run(async () =>
            {
                var turn = await group.EnterAsync();
                try
                {
                    await InsertAsync(turn, 3);
                    answeredBeforeBatch = (await firstAnswer.Task).IsCompleted;
                    committedBeforeBatch = await CountOutsideAsync(options);
                }
                finally
                {
                    await turn.CommitAsync();
                }
            });
            await WaitUntilAsync(() => group.Waiting == 2);

            var firstDurable = first.CommitAsync();
            firstAnswer.SetResult(firstDurable);
            await Task.WhenAll(firstDurable, failing, last);

            await using var reader = new SqliteConnection(options.ConnectionString);
            Assert.Multiple(() =>
            {
                Assert.That(answeredBeforeBatch, Is.False, "the first writer is not answered while its batch is open");
                Assert.That(committedBeforeBatch, Is.Zero, "nothing is committed before the batch");
                Assert.That(reader.Query<long>("SELECT id FROM readings ORDER BY id"), Is.EqualTo(new long[] { 1, 3 }));
                Assert.That(group.Commits, Is.EqualTo(1), "one fsync for the three writers");
                Assert.That(group.Writes, Is.EqualTo(2));
            });
        }
        finally
        {
            await factory.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [TestFixture(Store.Sqlite)]
    public sealed class ThroughTheService(Store store)
    {
        private const int RejectedRate = 41;

        [Test]
        public async Task One_bad_reading_among_concurrent_ones_fails_alone_and_the_others_are_stored()
        {
            StoreRequirements.RequireAvailable(store);
            await using var service = await ServiceProcess.StartAsync(store);
            var db = new Database(service);
            var (nurse, admission) = await AdmittedPatientAsync(service, "GCA");
            // A fault after the reading's first row is written: its savepoint must take that row back.
            await db.ExecuteAsync($"CREATE TRIGGER reject_rate BEFORE INSERT ON vital_signs WHEN NEW.respiratory_rate = {RejectedRate} BEGIN SELECT RAISE(ABORT, 'rejected for the test'); END");

            var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
                PostAsync(nurse, admission, i == 12 ? RejectedRate : 14 + (i % 6))));

            var failed = answers.Where(answer => answer.Rate == RejectedRate).ToList();
            var stored = await db.QueryAsync<string>("SELECT o.id FROM observations o WHERE o.admission_id = @Id", new { Id = db.Id(Guid.Parse(admission)) });
            Assert.Multiple(() =>
            {
                Assert.That(failed.Single().Status, Is.EqualTo(HttpStatusCode.InternalServerError));
                Assert.That(answers.Where(a => a.Rate != RejectedRate).Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.Created));
                Assert.That(stored.Order(), Is.EqualTo(answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Id!).Order()),
                    "every 201 is stored, and nothing of the failed reading (not even its observation row)");
            });
        }

        [Test]
        public async Task A_kill_during_batches_loses_no_reading_that_was_answered_201()
        {
            StoreRequirements.RequireAvailable(store);
            await using var service = await ServiceProcess.StartAsync(store);
            var db = new Database(service);
            var patients = new List<(HttpClient Nurse, string Admission)>();
            for (var i = 0; i < 4; i++)
            {
                patients.Add(await AdmittedPatientAsync(service, $"GK{i}"));
            }
            var answered = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
            {
                var (nurse, admission) = patients[worker % patients.Count];
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var answer = await PostAsync(nurse, admission, 16);
                        if (answer.Status == HttpStatusCode.Created)
                        {
                            answered.Add(answer.Id!);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the service is gone
                    }
                }
            })).ToList();
            await WaitUntilAsync(() => answered.Count >= 100, TimeSpan.FromSeconds(60));

            service.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var stored = (await db.QueryAsync<string>("SELECT id FROM observations")).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.That(answered.Where(id => !stored.Contains(id)), Is.Empty, $"{answered.Count} readings were answered 201 before the kill");
        }

        private static async Task<(string? Id, HttpStatusCode Status, int Rate)> PostAsync(HttpClient nurse, string admission, int rate)
        {
            using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals",
                new { observedAt = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"), respiratoryRate = rate, spo2 = 97, onOxygen = false, sedation = "S" });
            var body = await response.Content.ReadAsStringAsync();
            var id = response.StatusCode == HttpStatusCode.Created ? (string?)JsonNode.Parse(body)!["id"] : null;
            return (id, response.StatusCode, rate);
        }

        private static async Task<(HttpClient Nurse, string Admission)> AdmittedPatientAsync(ServiceProcess service, string ward)
        {
            using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);
            await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = "Group commit", beds = new[] { $"{ward}-01" } });
            await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "group-commit-password", role = "nurse", wards = new[] { ward } });
            var nurse = await service.SignedInAsync($"nurse-{ward}", "group-commit-password");
            var admitted = await ServiceProcess.PostOkAsync(nurse, "/api/admissions",
                new { mrn = $"M{ward}", displayName = "G", dateOfBirth = "1980-01-01", ward, bed = $"{ward}-01", substances = new[] { "opioid" }, admittedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
            return (nurse, (string)admitted["id"]!);
        }
    }

    private static async Task InsertAsync(GroupCommit.Turn turn, long id) =>
        await turn.Connection.ExecuteAsync("INSERT INTO readings (id) VALUES (@Id)", new { Id = id }, turn.Transaction);

    private static async Task<long> CountOutsideAsync(DatabaseOptions options)
    {
        await using var connection = new SqliteConnection(options.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM readings");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting");
            await Task.Delay(5);
        }
    }
}
