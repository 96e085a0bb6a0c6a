using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Observations;

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
        new { respiratoryRate = 25 },
    ];

    // Charted at the same minute as the reading before it (an incomplete set scoring 3): a tie, not a newer reading.
    private static readonly object CompleteAtTheSameMinute =
        new { respiratoryRate = 16, spo2 = 97, onOxygen = false, systolicBp = 124, diastolicBp = 78, heartRate = 72, temperatureC = 36.8, consciousness = "A" };

    [Test]
    public async Task The_next_due_time_after_each_reading_is_what_the_full_rules_give()
    {
        using var patient = await _service.NewWardWithPatientAsync("SCH", admittedAgo: TimeSpan.FromHours(4));
        var (nurse, admission) = (patient.Nurse, patient.Admission);
        var observedAt = _service.Clock.GetUtcNow().AddHours(-3);
        var step = 0;
        foreach (var reading in Series.Append(CompleteAtTheSameMinute))
        {
            observedAt += reading == CompleteAtTheSameMinute ? TimeSpan.Zero : TimeSpan.FromMinutes(20);
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
}
