using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Data;

/// <summary>
/// How many SQL statements an ordinary reading runs under the single writer: each one holds the write
/// lock, so the count bounds ingest. Read from the service's own statements meter, in-process.
/// </summary>
[NonParallelizable]
public sealed class StatementsPerReadingTests
{
    // An ordinary reading: admission, observation and vitals rows, the schedule, the ward event (sequence and row), the audit row.
    private const int Budget = 7;

    private readonly ConcurrentQueue<(long Statements, string? Command)> _writes = new();
    private MeterListener _listener = null!;
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Monitoring" && instrument.Name == "monitoring.db.statements")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            _writes.Enqueue((value, tags.ToArray().FirstOrDefault(tag => tag.Key == "command").Value?.ToString())));
        _listener.Start();
        _service = await InProcessService.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        _listener.Dispose();
    }

    [Test]
    public async Task An_ordinary_reading_stays_within_its_statement_budget()
    {
        using var patient = await _service.NewWardWithPatientAsync("STM", admittedAgo: TimeSpan.FromHours(2));
        var (nurse, admission) = (patient.Nurse, patient.Admission);
        // The first reading after admission settles the baseline schedule; the second is the steady state.
        await ChartAsync(nurse, admission, "first", minutesAgo: 2);
        _writes.Clear();

        await ChartAsync(nurse, admission, "second", minutesAgo: 1);

        var reading = _writes.Where(write => write.Command == "RecordVitals").Select(write => write.Statements).ToList();
        TestContext.Out.WriteLine($"Statements per ordinary reading (with an Idempotency-Key): {string.Join(", ", reading)}");
        Assert.That(reading, Has.Count.EqualTo(1));
        Assert.That(reading[0], Is.LessThanOrEqualTo(Budget + 2), "within budget, plus the idempotency key's look-up and record");
    }

    [Test]
    public async Task A_reading_without_an_idempotency_key_stays_within_the_budget()
    {
        using var patient = await _service.NewWardWithPatientAsync("STM", admittedAgo: TimeSpan.FromHours(2));
        var (nurse, admission) = (patient.Nurse, patient.Admission);
        await ChartAsync(nurse, admission, null, minutesAgo: 2);
        _writes.Clear();

        await ChartAsync(nurse, admission, null, minutesAgo: 1);

        var reading = _writes.Where(write => write.Command == "RecordVitals").Select(write => write.Statements).ToList();
        TestContext.Out.WriteLine($"Statements per ordinary reading (no Idempotency-Key): {string.Join(", ", reading)}");
        Assert.That(reading, Has.Count.EqualTo(1));
        Assert.That(reading[0], Is.LessThanOrEqualTo(Budget));
    }

    private async Task ChartAsync(HttpClient nurse, string admission, string? key, int minutesAgo)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admissions/{admission}/vitals")
        {
            Content = JsonContent.Create(new
            {
                observedAt = _service.Clock.GetUtcNow().AddMinutes(-minutesAgo).ToString("O"),
                respiratoryRate = 16,
                spo2 = 97,
                onOxygen = false,
                systolicBp = 124,
                diastolicBp = 78,
                heartRate = 72,
                temperatureC = 36.8,
                consciousness = "A",
                sedation = "S",
            }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", $"{key}-{Guid.NewGuid():N}");
        }
        using var response = await nurse.SendAsync(request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }
}
