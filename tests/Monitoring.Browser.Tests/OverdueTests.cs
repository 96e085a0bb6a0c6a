using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// One overdue: a round is overdue on the tile from the moment the census counts it and the overdue alert
/// fires (its due time plus the ward's 15-minute grace); in the grace the tile says it is due now.
/// </summary>
[NonParallelizable]
public sealed class OverdueTests : BrowserSession
{
    [Test]
    public async Task A_round_in_its_grace_is_due_now_and_overdue_only_after_the_grace_on_the_tile_and_the_census_alike()
    {
        var inGrace = await AdmitAsync(0, "Gil Grace", TimeSpan.FromHours(6));
        var late = await AdmitAsync(1, "Lena Late", TimeSpan.FromHours(6));
        // COWS every 4 h: charted 4 h 5 min ago is due 5 min ago (in the grace), 4 h 30 min ago is 15 min past it.
        foreach (var (admission, minutesAgo) in new[] { (inGrace, 245.0), (late, 270.0) })
        {
            await ChartCowsAsync(admission, each: 0, minutesAgo: minutesAgo);
            await ChartVitalsAsync(admission, rr: 16);
        }

        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var graceTile = nurse.Locator($"article.tile[data-bed='{Beds[0]}']");
        var lateTile = nurse.Locator($"article.tile[data-bed='{Beds[1]}']");
        await Assertions.Expect(graceTile.Locator("[data-due-now]")).ToContainTextAsync("COWS due now");
        await Assertions.Expect(lateTile.Locator("[data-overdue]")).ToContainTextAsync("COWS overdue by");
        Assert.That(await graceTile.Locator("[data-overdue]").CountAsync(), Is.Zero, "in the grace a round is not overdue");

        using var manager = await ApiAsAsync("manager");
        var census = (await manager.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/census"))!;
        Assert.Multiple(async () =>
        {
            Assert.That((int)census["overdueObservations"]!, Is.EqualTo(1), "the census counts the late round only");
            Assert.That(await nurse.Locator("article.tile:has([data-overdue])").CountAsync(), Is.EqualTo(1), "the board shows as many overdue beds as the census");
        });
        await ScreenshotAsync(nurse, "board-due-now-and-overdue-1024");
        await nurse.Context.CloseAsync();
    }
}
