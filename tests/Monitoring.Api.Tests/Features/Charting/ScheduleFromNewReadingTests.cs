using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Charting;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Charting;

/// <summary>
/// Charting schedules the next observation from the new reading alone when nothing else moved. After every
/// step of a mixed series that shortcut must agree with working the schedule out again from every valid
/// observation, or a nurse would be told a patient is due later than the rules say.
/// </summary>
[NonParallelizable]
public sealed class ScheduleFromNewReadingTests
{
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await InProcessService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    private static readonly object[] Series =
    [
        new { respiratoryRate = 16, spo2 = 97, onOxygen = false, systolicBp = 124, diastolicBp = 78, heartRate = 72, temperatureC = 36.8, consciousness = "A" },
        new { respiratoryRate = 25 },
        new { heartRate = 95 },
        new { respiratoryRate = 22, spo2 = 93, onOxygen = false, systolicBp = 105, diastolicBp = 70, heartRate = 112, temperatureC = 38.4, consciousness = "A" },
        new { spo2 = 96, onOxygen = false },
        new { respiratoryRate = 14, spo2 = 98, onOxygen = false, systolicBp = 120, diastolicBp = 80, heartRate = 70, temperatureC = 36.9, consciousness = "A" },
    ];

    [Test]
    public async Task The_next_due_time_after_each_reading_is_what_the_full_rules_give()
    {
        var (nurse, admission) = await AdmittedPatientAsync();
        var observedAt = _service.Clock.GetUtcNow().AddHours(-3);
        var step = 0;
        foreach (var reading in Series)
        {
            observedAt += TimeSpan.FromMinutes(20);
            var body = System.Text.Json.JsonSerializer.SerializeToNode(reading)!.AsObject();
            body["observedAt"] = observedAt.ToString("O");
            using var charted = await nurse.PostAsJsonAsync($"/api/admissions/{admission}/vitals", body);
            Assert.That(charted.IsSuccessStatusCode, Is.True, await charted.Content.ReadAsStringAsync());

            var (stored, recomputed) = await StoredAndRecomputedAsync(Guid.Parse(admission));
            Assert.That(stored, Is.EqualTo(recomputed), $"after reading {++step}");
        }
    }

    // Works the schedule out again from every valid observation inside a transaction that is then rolled back.
    private async Task<(string Stored, string Recomputed)> StoredAndRecomputedAsync(Guid admissionId)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var stored = Describe(await ObservationScheduler.ReadAsync(session, admissionId, CancellationToken.None));
        var admission = (await scope.ServiceProvider.GetRequiredService<AdmissionAccess>().GetOpenUncheckedAsync(admissionId, CancellationToken.None))!;
        var settings = await scope.ServiceProvider.GetRequiredService<WardLookup>().SettingsAsync(admission.WardCode, CancellationToken.None);
        await session.BeginAsync(CancellationToken.None);
        try
        {
            await ObservationScheduler.RescheduleAsync(session, scope.ServiceProvider.GetRequiredService<ChartReader>(), admission, settings, CancellationToken.None);
            return (stored, Describe(await ObservationScheduler.ReadAsync(session, admissionId, CancellationToken.None)));
        }
        finally
        {
            await session.AbandonAsync();
        }
    }

    private static string Describe(IEnumerable<ObservationScheduler.ScheduleRow> rows) =>
        string.Join(" | ", rows.OrderBy(row => row.Kind).Select(row => $"{row.Kind} {row.NextDue:O} {row.Basis}"));

    private async Task<(HttpClient Nurse, string Admission)> AdmittedPatientAsync()
    {
        using var anonymous = _service.CreateClient();
        using var admin = _service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        var ward = "SCH" + Random.Shared.Next(1000, 9999);
        await PostAsync(admin, "/api/wards", new { code = ward, name = "Schedule", beds = new[] { $"{ward}-01" } });
        await PostAsync(admin, "/api/users", new { username = $"nurse-{ward}", password = "schedule-password-1", role = "nurse", wards = new[] { ward } });
        var nurse = _service.CreateClient(await TokenAsync(anonymous, $"nurse-{ward}", "schedule-password-1"));
        var admitted = await PostAsync(nurse, "/api/admissions", new
        {
            mrn = $"S{ward}",
            displayName = "S",
            dateOfBirth = "1980-01-01",
            ward,
            bed = $"{ward}-01",
            substances = new[] { "opioid" },
            admittedAt = _service.Clock.GetUtcNow().AddHours(-4).ToString("O"),
        });
        return (nurse, (string)admitted["id"]!);
    }

    private static async Task<string> TokenAsync(HttpClient anonymous, string username, string password) =>
        (string)(await PostAsync(anonymous, "/api/auth/token", new { username, password }))["accessToken"]!;

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
