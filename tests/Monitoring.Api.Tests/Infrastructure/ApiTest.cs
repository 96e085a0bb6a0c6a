using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// Base of every integration test: the real service over a real database, driven over HTTP.
/// Runs once on SQLite and once on SQL Server (reported as not run when no server is given).
/// </summary>
[TestFixture(Store.Sqlite)]
[TestFixture(Store.SqlServer)]
public abstract class ApiTest(Store store)
{
    private static int _counter;

    protected Store Store { get; } = store;

    protected ServiceProcess Service { get; private set; } = null!;

    protected Database Db => new(Service);

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        StoreRequirements.RequireAvailable(Store);
        Service = await StartOrShareServiceAsync();
    }

    /// <summary>The service the fixture drives: the run's shared one, unless a fixture needs other settings.</summary>
    protected virtual Task<ServiceProcess> StartOrShareServiceAsync() => SharedServices.GetAsync(Store);

    protected static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _counter)}{Random.Shared.Next(100, 999)}";

    protected async Task<HttpClient> AdminAsync() => Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));

    protected Task<string> TokenAsync(string username, string password) => Service.TokenAsync(username, password);

    /// <summary>A fresh ward with beds CODE-01 … CODE-nn, created by the admin.</summary>
    protected async Task<TestWard> NewWardAsync(int beds = 4)
    {
        var code = Unique("W");
        var bedCodes = Enumerable.Range(1, beds).Select(n => $"{code}-{n:00}").ToArray();
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/wards", new { code, name = $"Ward {code}", beds = bedCodes });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return new TestWard(code, bedCodes);
    }

    /// <summary>A new user of the role, assigned to the wards, signed in.</summary>
    protected async Task<HttpClient> SignInAsync(string role, params string[] wards)
    {
        var username = Unique(role);
        var password = "password-" + Guid.NewGuid().ToString("N")[..12];
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username, password, role, wards });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return Service.CreateClient(await TokenAsync(username, password));
    }

    protected static object AdmissionBody(TestWard ward, int bed = 0, string? mrn = null, string dateOfBirth = "1985-03-14", bool pregnant = false, int spo2Scale = 1, TimeSpan? admittedAgo = null) => new
    {
        mrn = mrn ?? Unique("MRN"),
        displayName = "Test Patient",
        dateOfBirth,
        ward = ward.Code,
        bed = ward.Beds[bed],
        substances = new[] { "opioid" },
        spo2Scale,
        pregnant,
        admittedAt = admittedAgo is { } ago ? DateTimeOffset.UtcNow.Subtract(ago).ToString("O") : null,
    };

    /// <summary>Admits a patient now, or <paramref name="admittedAgo"/> earlier so that history can be charted after it.</summary>
    protected static async Task<Guid> AdmitAsync(HttpClient clinician, TestWard ward, int bed = 0, string dateOfBirth = "1985-03-14", bool pregnant = false, int spo2Scale = 1, TimeSpan? admittedAgo = null)
    {
        using var response = await clinician.PostAsJsonAsync("/api/admissions", AdmissionBody(ward, bed, dateOfBirth: dateOfBirth, pregnant: pregnant, spo2Scale: spo2Scale, admittedAgo: admittedAgo));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Guid.Parse((string)body!["id"]!);
    }

    /// <summary>A complete, normal set of vital signs (NEWS2 0) at the given time.</summary>
    protected static Dictionary<string, object?> NormalVitals(DateTimeOffset? observedAt = null) => new()
    {
        ["observedAt"] = (observedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToString("O"),
        ["respiratoryRate"] = 16,
        ["spo2"] = 97,
        ["onOxygen"] = false,
        ["systolicBp"] = 124,
        ["diastolicBp"] = 78,
        ["heartRate"] = 72,
        ["temperatureC"] = 36.8m,
        ["consciousness"] = "A",
        ["sedation"] = "1",
    };

    protected static Dictionary<string, object?> CowsItems(int score = 0) => new()
    {
        ["restingPulseRate"] = 0,
        ["sweating"] = score,
        ["restlessness"] = 0,
        ["pupilSize"] = 0,
        ["boneJointAches"] = 0,
        ["runnyNoseTearing"] = 0,
        ["giUpset"] = 0,
        ["tremor"] = 0,
        ["yawning"] = 0,
        ["anxietyIrritability"] = 0,
        ["goosefleshSkin"] = 0,
    };

    protected static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Asserts an RFC 9457 answer with the status and, where given, an error on the field.</summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.That((int)problem["status"]!, Is.EqualTo((int)status));
        Assert.That((string?)problem["title"], Is.Not.Null.And.Not.Empty);
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.That(errors, Is.Not.Null, text);
            Assert.That(errors!.Select(e => e.Key), Has.Member(field), text);
        }
        return problem;
    }
}

public sealed record TestWard(string Code, string[] Beds);

public static class StoreRequirements
{
    public static void RequireAvailable(Store store)
    {
        if (store == Store.SqlServer && StoreSettings.SqlServerConnectionString is null)
        {
            Assert.Ignore($"SQL Server suite not run: set {StoreSettings.SqlServerVariable} to a connection string to run it.");
        }
    }
}
