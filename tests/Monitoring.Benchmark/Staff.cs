using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Benchmark;

/// <summary>Wards, a nurse and admissions made through the API, and the HTTP clients that use them.</summary>
public sealed class Staff(ServiceProcess service, string nurseToken)
{
    private const string NursePassword = "benchmark-nurse-1";

    public ServiceProcess Service { get; } = service;

    public string NurseToken { get; } = nurseToken;

    public static async Task<Staff> PrepareAsync(ServiceProcess service, IReadOnlyList<(string Ward, int Beds)> wards)
    {
        using var admin = Client(service, await TokenAsync(service, "admin", ServiceProcess.AdminPassword));
        foreach (var (ward, beds) in wards)
        {
            await PostAsync(admin, "/api/wards", new { code = ward, name = ward, beds = Enumerable.Range(1, beds).Select(n => $"{ward}-{n:0000}") });
        }
        await PostAsync(admin, "/api/users", new { username = "bench-nurse", password = NursePassword, role = "nurse", wards = wards.Select(w => w.Ward) });
        return new Staff(service, await TokenAsync(service, "bench-nurse", NursePassword));
    }

    public HttpClient Nurse() => Client(Service, NurseToken);

    public async Task<List<Guid>> AdmitAsync(string ward, int count, int parallelism = 8)
    {
        var ids = new Guid[count];
        using var nurse = Nurse();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var admission = await PostAsync(nurse, "/api/admissions", new
            {
                mrn = $"{ward}-{i:000000}",
                displayName = $"Patient {i}",
                dateOfBirth = "1980-01-01",
                ward,
                bed = $"{ward}-{i + 1:0000}",
                substances = new[] { "opioid" },
            });
            ids[i] = Guid.Parse((string)admission["id"]!);
        });
        return [.. ids];
    }

    public static HttpClient Client(ServiceProcess service, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = service.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Readings a request in the batched ingest scenario: a monitor's minute of readings every few seconds.</summary>
    public const int ReadingsPerBatch = 20;

    public static object Vitals(int respiratoryRate = 16, string sedation = "1", DateTimeOffset? observedAt = null) => new
    {
        observedAt = (observedAt ?? DateTimeOffset.UtcNow).ToString("O"),
        respiratoryRate,
        spo2 = 97,
        onOxygen = false,
        systolicBp = 124,
        diastolicBp = 78,
        heartRate = 72,
        temperatureC = 36.8,
        consciousness = "A",
        sedation,
    };

    public static object Cows() => new
    {
        observedAt = DateTimeOffset.UtcNow.ToString("O"),
        items = new { restingPulseBpm = 88, sweating = 1, restlessness = 1, pupilSize = 0, boneJointAches = 1, runnyNoseTearing = 1, giUpset = 0, tremor = 0, yawning = 1, anxietyIrritability = 1, goosefleshSkin = 0 },
    };

    private static async Task<string> TokenAsync(ServiceProcess service, string username, string password)
    {
        using var client = Client(service, null);
        var body = await PostAsync(client, "/api/auth/token", new { username, password });
        return (string)body["accessToken"]!;
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!.AsObject()
            : throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
    }
}
