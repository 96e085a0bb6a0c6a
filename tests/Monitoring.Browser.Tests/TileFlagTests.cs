using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The tile flags what the service scored on the patient's own SpO2 scale, and names the scale.</summary>
[NonParallelizable]
public sealed partial class TileFlagTests : BrowserSession
{
    [Test]
    public async Task Saturation_is_flagged_by_the_patients_scale_which_the_tile_names()
    {
        var usual = await AdmitAsync(0, "Gale Usual");
        var copd = await AdmitAsync(1, "Harper Copd");
        using (var physician = await ApiAsAsync("physician"))
        {
            using var changed = await physician.PutAsJsonAsync($"/api/admissions/{copd}/spo2-scale", new { scale = 2, reason = "COPD, target 88-92 %" });
            Assert.That(changed.IsSuccessStatusCode, Is.True, await changed.Content.ReadAsStringAsync());
        }
        await ChartVitalsAsync(usual, rr: 16, spo2: 89);
        await ChartVitalsAsync(copd, rr: 16, spo2: 89);

        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var usualSpo2 = nurse.Locator($"article.tile[data-bed='{Beds[0]}'] [data-spo2]");
        var copdTile = nurse.Locator($"article.tile[data-bed='{Beds[1]}']");
        await Assertions.Expect(usualSpo2).ToHaveTextAsync("89", new() { Timeout = 10_000 });
        await Assertions.Expect(usualSpo2).ToHaveClassAsync(Flag());
        await Assertions.Expect(copdTile.Locator("[data-spo2]")).ToHaveTextAsync("89");
        await Assertions.Expect(copdTile.Locator("[data-spo2]")).Not.ToHaveClassAsync(Flag());
        await Assertions.Expect(copdTile.Locator("[data-spo2-scale]")).ToHaveTextAsync("Scale 2 (88–92 %)");
        await nurse.Context.CloseAsync();
    }

    [GeneratedRegex(@"\bflag\b")]
    private static partial Regex Flag();
}
