using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Benchmark;

namespace Monitoring.Reliability;

/// <summary>One line of the campaign's table.</summary>
public sealed record Outcome(string Scenario, long Faults, long Acknowledged, long Lost, long IntegrityFailures, double P99Ms, double MaxMemoryMb, string Note)
{
    public bool Failed => Lost > 0 || IntegrityFailures > 0 || Note.StartsWith("FAILED", StringComparison.Ordinal);
}

/// <summary>A ward, a nurse and patients on a running service, and the batch writers the faults strike.</summary>
public sealed class Bedside(ServiceProcess service, IReadOnlyList<Guid> patients)
{
    public const string Password = "reliability-nurse-1";
    public const int ReadingsPerBatch = 20;

    public ServiceProcess Service { get; } = service;

    public IReadOnlyList<Guid> Patients { get; } = patients;

    public static async Task<Bedside> PrepareAsync(ServiceProcess service, string ward, int patients)
    {
        using var admin = await service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        await ServiceProcess.PostOkAsync(admin, "/api/wards", new { code = ward, name = ward, beds = Enumerable.Range(1, patients).Select(n => $"{ward}-{n:00}") });
        await ServiceProcess.PostOkAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = Password, role = "nurse", wards = new[] { ward } });
        using var nurse = await service.SignedInAsync($"nurse-{ward}", Password);
        var ids = new List<Guid>();
        for (var i = 0; i < patients; i++)
        {
            var admitted = await ServiceProcess.PostOkAsync(nurse, "/api/admissions",
                new { mrn = $"{ward}-{i:000}", displayName = $"Patient {i}", dateOfBirth = "1980-01-01", ward, bed = $"{ward}-{i + 1:00}", substances = new[] { "opioid" } });
            ids.Add(Guid.Parse((string)admitted["id"]!));
        }
        return new Bedside(service, ids);
    }

    /// <summary>
    /// Writers posting batches until stopped or the service is gone; returns the ids answered 201 and the
    /// ids of every batch sent (to find partial batches), with each answer's latency.
    /// </summary>
    public async Task<HttpClient> NurseAsync(string ward)
    {
        var nurse = Service.CreateClient(await Service.TokenAsync($"nurse-{ward}", Password));
        nurse.Timeout = TimeSpan.FromSeconds(30);
        return nurse;
    }

    public async Task<Written> WriteUntilAsync(HttpClient nurse, int writers, CancellationToken stop, TaskCompletionSource? firstAcknowledged = null)
    {
        var acknowledged = new ConcurrentBag<string>();
        var sent = new ConcurrentBag<Batch>();
        var latency = new Latency();
        long refused = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(worker => Task.Run(async () =>
        {
            var admission = Patients[worker % Patients.Count];
            while (!stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                var times = Enumerable.Range(0, ReadingsPerBatch).Select(i => now.AddMilliseconds(i - ReadingsPerBatch)).ToArray();
                var readings = times.Select(at => Staff.Vitals(observedAt: at)).ToArray();
                sent.Add(new Batch(admission, [.. times.Select(at => at.UtcTicks)]));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals/batch", new { readings }, CancellationToken.None);
                    latency.Record(Stopwatch.GetElapsedTime(started));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                        foreach (var reading in body!["readings"]!.AsArray())
                        {
                            acknowledged.Add((string)reading!["id"]!);
                        }
                        firstAcknowledged?.TrySetResult();
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50, CancellationToken.None);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    // The service is gone (killed) or the answer was cut: not acknowledged.
                    if (Service.HasExited)
                    {
                        return;
                    }
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));
        return new Written([.. acknowledged], [.. sent], Interlocked.Read(ref refused), latency.Summary());
    }
}

public sealed record Batch(Guid Admission, long[] ObservedAtTicks);

public sealed record Written(IReadOnlyList<string> Acknowledged, IReadOnlyList<Batch> Sent, long Refused, LatencySummary Latency);

/// <summary>What the database file says after a fault: every acknowledged reading there, no partial batch, a sound file.</summary>
public static class Integrity
{
    public static async Task<(long Lost, bool Sound, long PartialBatches)> CheckAsync(string dataPath, Written written)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "monitoring.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var check = await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check");
        var stored = (await connection.QueryAsync<string>("SELECT id FROM observations")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A batch is one transaction: of every batch sent, all its readings are stored or none.
        var times = (await connection.QueryAsync<(string Admission, string ObservedAt)>("SELECT admission_id, observed_at FROM observations WHERE kind = 'vitals'"))
            .Select(row => (Guid.Parse(row.Admission), DateTimeOffset.Parse(row.ObservedAt, System.Globalization.CultureInfo.InvariantCulture).UtcTicks))
            .ToHashSet();
        var partial = written.Sent.LongCount(batch =>
            batch.ObservedAtTicks.Count(ticks => times.Contains((batch.Admission, ticks))) is var found && found != 0 && found != batch.ObservedAtTicks.Length);
        return (written.Acknowledged.Count(id => !stored.Contains(id)), check == "ok", partial);
    }

    public static double ResidentMb(ServiceProcess service) =>
        service.ProcessId is { } pid && ProcessMemory.ResidentBytes(pid) is { } bytes ? bytes / 1048576.0 : 0;
}
