using Dapper;
using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Api.Data;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// Migration 0004 on a database filled by the schema before it: every COWS assessment arrives in the
/// assessments table with the same total, severity, items and pulse; schedules, corrections and alerts survive.
/// </summary>
public sealed class AssessmentsMigrationTests
{
    private const int Patients = 6;
    private const int CowsPerPatient = 9;

    private string _folder = "";
    private DatabaseOptions _options = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("migration-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, DatabaseOptions.SqliteFileName), Pooling = false }.ToString();
        _options = new DatabaseOptions(DatabaseProvider.Sqlite, connectionString, _folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Cows_data_is_carried_over_with_identical_totals()
    {
        ApplyScriptsBefore("0004");
        var before = await FillAsync();

        Migrations.Apply(_options, NullLogger.Instance);

        await using var connection = await OpenAsync();
        var after = (await connection.QueryAsync<(string Id, string Kind, long Total, string Band, string Items, string? Measurements)>(
            "SELECT observation_id, kind, total, band, items, measurements FROM assessments")).ToDictionary(row => row.Id);
        Assert.That(after, Has.Count.EqualTo(Patients * CowsPerPatient));
        foreach (var old in before.Cows)
        {
            var moved = after[old.Id];
            Assert.Multiple(() =>
            {
                Assert.That(moved.Kind, Is.EqualTo("cows"));
                Assert.That(moved.Total, Is.EqualTo(old.Total));
                Assert.That(moved.Band, Is.EqualTo(old.Severity));
                Assert.That(moved.Items, Is.EqualTo(old.Items));
                Assert.That(moved.Measurements, Is.EqualTo(old.Bpm is null ? null : $$"""{"restingPulseBpm":{{old.Bpm}}}"""));
            });
        }
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT SUM(total) FROM assessments"), Is.EqualTo(before.Cows.Sum(c => c.Total)));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"), Is.EqualTo(before.Observations));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM vital_signs"), Is.EqualTo(before.Vitals));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observation_corrections"), Is.EqualTo(before.Corrections));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alerts WHERE observation_id IS NOT NULL"), Is.EqualTo(before.Alerts));
        Assert.That(await connection.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty, "every reference still resolves");

        var schedules = (await connection.QueryAsync<(string AdmissionId, string Kind, string NextDue)>(
            "SELECT admission_id, kind, next_due FROM observation_schedules")).ToList();
        Assert.That(schedules.Count(s => s.Kind == "vitals"), Is.EqualTo(Patients));
        Assert.That(schedules.Count(s => s.Kind == "cows"), Is.EqualTo(Patients - 1), "the admission without COWS has no COWS row");
        Assert.That(schedules.Select(s => (s.AdmissionId, s.Kind, s.NextDue)), Is.SupersetOf(before.Schedules));
    }

    [Test]
    public async Task Migrated_tables_stay_append_only_and_kinds_are_a_table()
    {
        ApplyScriptsBefore("0004");
        var before = await FillAsync();
        Migrations.Apply(_options, NullLogger.Instance);

        await using var connection = await OpenAsync();
        var id = before.Cows[0].Id;
        Assert.That(() => connection.Execute("UPDATE assessments SET total = 0 WHERE observation_id = @id", new { id }), Throws.InstanceOf<SqliteException>());
        Assert.That(() => connection.Execute("DELETE FROM observations WHERE id = @id", new { id }), Throws.InstanceOf<SqliteException>());
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON");
        Assert.That(() => connection.Execute("""
            INSERT INTO observations (id, admission_id, kind, observed_at, recorded_at, recorded_by)
            SELECT 'x', admission_id, 'no-such-scale', observed_at, recorded_at, recorded_by FROM observations LIMIT 1
            """), Throws.InstanceOf<SqliteException>(), "a kind must be in observation_kinds");
        Assert.That(await connection.QueryAsync<string>("SELECT kind FROM observation_kinds ORDER BY kind"), Is.EqualTo(new[] { "cows", "vitals" }));
    }

    private void ApplyScriptsBefore(string number)
    {
        var result = DeployChanges.To.SqliteDatabase(_options.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly,
                name => name.StartsWith("sqlite.", StringComparison.Ordinal) && string.CompareOrdinal(name, "sqlite." + number) < 0)
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.That(result.Successful, Is.True, result.Error?.Message);
    }

    private sealed record OldCows(string Id, long Total, string Severity, string Items, long? Bpm);

    private sealed record Filled(List<OldCows> Cows, long Observations, long Vitals, long Corrections, long Alerts, List<(string, string, string)> Schedules);

    // Rows as the service wrote them before: COWS with and without a pulse, vitals, a correction, alerts, schedules.
    private async Task<Filled> FillAsync()
    {
        await using var connection = await OpenAsync();
        var random = new Random(10);
        var user = Guid.NewGuid().ToString("D");
        const string At = "2026-11-24T08:00:00.0000000+00:00";
        await connection.ExecuteAsync("INSERT INTO users (id, username, password_hash, role, created_at) VALUES (@user, 'nurse', 'x', 'nurse', @At)", new { user, At });
        await connection.ExecuteAsync("INSERT INTO wards (code, name, created_at) VALUES ('M', 'Migration', @At)", new { At });
        var cows = new List<OldCows>();
        var schedules = new List<(string, string, string)>();
        var allowed = new Dictionary<string, int[]>
        {
            ["restingPulseRate"] = [0, 1, 2, 4],
            ["sweating"] = [0, 1, 2, 3, 4],
            ["restlessness"] = [0, 1, 3, 5],
            ["pupilSize"] = [0, 1, 2, 5],
            ["boneJointAches"] = [0, 1, 2, 4],
            ["runnyNoseTearing"] = [0, 1, 2, 4],
            ["giUpset"] = [0, 1, 2, 3, 5],
            ["tremor"] = [0, 1, 2, 4],
            ["yawning"] = [0, 1, 2, 4],
            ["anxietyIrritability"] = [0, 1, 2, 4],
            ["goosefleshSkin"] = [0, 3, 5],
        };
        long observations = 0, vitals = 0, alerts = 0;
        for (var patient = 0; patient < Patients; patient++)
        {
            var admission = Guid.NewGuid().ToString("D");
            var bed = $"M-{patient}";
            await connection.ExecuteAsync("INSERT INTO beds (code, ward_code, position) VALUES (@bed, 'M', @patient)", new { bed, patient });
            await connection.ExecuteAsync("""
                INSERT INTO admissions (id, mrn, display_name, date_of_birth, ward_code, bed_code, substances, spo2_scale, pregnant, admitted_at, admitted_by)
                VALUES (@admission, @mrn, 'Patient', '1980-01-01', 'M', @bed, 'opioid', 1, 0, @At, @user)
                """, new { admission, mrn = $"MRN{patient}", bed, At, user });
            var vitalsDue = $"2026-11-24T1{patient}:00:00.0000000+00:00";
            var cowsDue = patient == 0 ? null : $"2026-11-24T1{patient}:30:00.0000000+00:00";
            await connection.ExecuteAsync("""
                INSERT INTO observation_schedule (admission_id, next_vitals_due, next_cows_due, vitals_basis, cows_basis)
                VALUES (@admission, @vitalsDue, @cowsDue, 'NEWS2 1 (low)', @cowsBasis)
                """, new { admission, vitalsDue, cowsDue, cowsBasis = cowsDue is null ? null : "COWS 3" });
            schedules.Add((admission, "vitals", vitalsDue));
            if (cowsDue is not null)
            {
                schedules.Add((admission, "cows", cowsDue));
            }
            for (var n = 0; n < CowsPerPatient; n++)
            {
                var id = Guid.NewGuid().ToString("D");
                var observedAt = $"2026-11-24T0{n}:0{patient}:00.0000000+00:00";
                await connection.ExecuteAsync("""
                    INSERT INTO observations (id, admission_id, kind, observed_at, recorded_at, recorded_by, note)
                    VALUES (@id, @admission, 'cows', @observedAt, @observedAt, @user, NULL)
                    """, new { id, admission, observedAt, user });
                var items = allowed.ToDictionary(pair => pair.Key, pair => pair.Value[random.Next(pair.Value.Length)]);
                var total = items.Values.Sum();
                var severity = total switch { <= 4 => "none", <= 12 => "mild", <= 24 => "moderate", <= 36 => "moderately-severe", _ => "severe" };
                var json = System.Text.Json.JsonSerializer.Serialize(items);
                long? bpm = n % 2 == 0 ? 60 + (items["restingPulseRate"] * 20) : null;
                await connection.ExecuteAsync("""
                    INSERT INTO cows_assessments (observation_id, total, severity, items, resting_pulse_bpm) VALUES (@id, @total, @severity, @json, @bpm)
                    """, new { id, total, severity, json, bpm });
                cows.Add(new OldCows(id, total, severity, json, bpm));
                observations++;
                if (total >= 8)
                {
                    await connection.ExecuteAsync("""
                        INSERT INTO alerts (id, admission_id, ward_code, bed_code, code, priority, status, raised_at, last_seen_at, activated_at, reason, observation_id)
                        VALUES (@alert, @admission, 'M', @bed, @code, 'low', 'resolved', @observedAt, @observedAt, @observedAt, 'COWS', @id)
                        """, new { alert = Guid.NewGuid().ToString("D"), admission, bed, code = $"induction-threshold-{n}", observedAt, id });
                    alerts++;
                }
                var vitalsId = Guid.NewGuid().ToString("D");
                await connection.ExecuteAsync("""
                    INSERT INTO observations (id, admission_id, kind, observed_at, recorded_at, recorded_by, note)
                    VALUES (@vitalsId, @admission, 'vitals', @observedAt, @observedAt, @user, 'vitals')
                    """, new { vitalsId, admission, observedAt, user });
                await connection.ExecuteAsync("""
                    INSERT INTO vital_signs (observation_id, respiratory_rate, spo2_scale, news2_parameters) VALUES (@vitalsId, 16, 1, '{}')
                    """, new { vitalsId });
                observations++;
                vitals++;
            }
        }
        await connection.ExecuteAsync("""
            INSERT INTO observation_corrections (id, observation_id, reason, corrected_by, corrected_at) VALUES ('c1', @id, 'wrong patient', @user, @At)
            """, new { id = cows[3].Id, user, At });
        return new Filled(cows, observations, vitals, 1, alerts, schedules);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
