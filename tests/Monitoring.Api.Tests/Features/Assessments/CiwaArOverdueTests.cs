using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Assessments;

/// <summary>A CIWA-Ar not charted 15 minutes after it is due raises observations-overdue, as a COWS does.</summary>
[NonParallelizable]
public sealed class CiwaArOverdueTests() : FakeClockWardTest("C1", "C1-01")
{
    private Task<JsonNode?> OverdueAsync(string status = "open") => AlertAsync("observations-overdue", status);

    [TestCase(4)]
    [TestCase(12)]
    public async Task Overdue_fifteen_minutes_after_the_next_ciwa_ar_is_due(int total)
    {
        var admission = await AdmitAsync(substance: "alcohol");
        // Vital signs with NEWS2 0 are due in 12 h: only CIWA-Ar can be overdue within the next hours.
        using var vitals = await PostVitalsAsync(admission, sedation: null);
        var items = new Dictionary<string, int>
        {
            ["nauseaVomiting"] = Math.Min(total, 7),
            ["tremor"] = Math.Max(0, total - 7),
            ["paroxysmalSweats"] = 0,
            ["anxiety"] = 0,
            ["agitation"] = 0,
            ["tactileDisturbances"] = 0,
            ["auditoryDisturbances"] = 0,
            ["visualDisturbances"] = 0,
            ["headache"] = 0,
            ["orientation"] = 0,
        };
        using var charted = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = Service.Clock.GetUtcNow().ToString("O"), items });
        Assert.That(charted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await charted.Content.ReadAsStringAsync());

        var due = TimeSpan.FromHours(total >= 10 ? 1 : 4);
        Service.Clock.Advance(due + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        Assert.That(await OverdueAsync(), Is.Null);

        Service.Clock.Advance(TimeSpan.FromSeconds(1));
        await Service.SweepAsync();
        await Service.SweepAsync();
        var overdue = await OverdueAsync();
        Assert.That((string?)overdue?["reason"], Does.StartWith("CIWA-Ar due at").And.Contain($"CIWA-Ar {total}"));

        using var again = await Nurse.PostAsJsonAsync($"/api/admissions/{admission}/ciwa-ar", new { observedAt = Service.Clock.GetUtcNow().ToString("O"), items });
        Assert.That(await OverdueAsync(), Is.Null);
    }
}
