using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Fhir.FhirExportClient;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>An export's files and status are deleted 24 h after it finished, not before.</summary>
public sealed class FhirExportExpiryTests() : FakeClockWardTest("FX", "FX-01")
{
    [Test]
    public async Task Files_are_removed_a_day_after_the_export()
    {
        await ChartVitalsAsync(await AdmitAsync());
        using var anonymous = Service.CreateClient();
        using var admin = Service.CreateClient(await TokenAsync(anonymous, "admin", ServiceProcess.AdminPassword));
        using var created = await admin.PostAsJsonAsync("/api/users", new { username = "fx-physician", password = "fake-clock-password-2", role = "physician", wards = new[] { Ward } });
        Assert.That(created.IsSuccessStatusCode, Is.True);
        using var physician = Service.CreateClient(await TokenAsync(anonymous, "fx-physician", "fake-clock-password-2"));

        var status = await StartAsync(physician, $"/fhir/Group/{Ward}/$export");
        var manifest = await ManifestAsync(physician, status);
        var file = (string)manifest["output"]![0]!["url"]!;

        Service.Clock.Advance(TimeSpan.FromHours(23));
        await WakeExporterAsync(physician);
        using (var kept = await physician.GetAsync(new Uri(file)))
        {
            Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Within the day the files stay.");
        }

        Service.Clock.Advance(TimeSpan.FromHours(2));
        for (var poll = 0; poll < 300; poll++)
        {
            await WakeExporterAsync(physician);
            using var answer = await physician.GetAsync(status);
            if (answer.StatusCode == HttpStatusCode.NotFound)
            {
                using var gone = await physician.GetAsync(new Uri(file));
                Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("The export outlived its day.");
    }

    // Each kick-off wakes the exporter, which cleans up first when its clock says it is due.
    private async Task WakeExporterAsync(HttpClient physician) =>
        await ManifestAsync(physician, await StartAsync(physician, $"/fhir/Group/{Ward}/$export?_type=Patient"));
}
