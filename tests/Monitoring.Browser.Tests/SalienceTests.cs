using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// High is the most visible thing on the screen: a high tile's border and the lost-connection banner stand out at
/// least 4.5:1, more than a medium tile's; a high alert's flash differs at least 3:1 between its phases; an abnormal
/// value is marked by a shape as well as a colour.
/// </summary>
[NonParallelizable]
public sealed class SalienceTests : BrowserSession
{
    // WCAG contrast of two computed colours (rgb() or rgba() strings, alpha ignored: these are opaque).
    private const string Contrast = """
        window.contrast = (a, b) => {
          const lum = (c) => { const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
          const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
          return (x + 0.05) / (y + 0.05);
        };
        """;

    [Test]
    public async Task High_tiles_and_flashes_stand_out_more_than_anything_else_and_abnormal_values_are_boxed()
    {
        var high = await AdmitAsync(0, "Hal High");
        var medium = await AdmitAsync(1, "Mo Medium");
        await ChartVitalsAsync(high, rr: 6, poss: "3", spo2: 90);
        await ChartVitalsAsync(medium, rr: 22, hr: 115, sbp: 98);
        var nurse = await SignInAsync("nurse", Tablet);
        await nurse.AddInitScriptAsync(Contrast);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await nurse.ReloadAsync();
        var highTile = nurse.Locator($"article.tile[data-bed='{Beds[0]}']");
        await Assertions.Expect(highTile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bacuity-high\b"));
        var mediumTile = nurse.Locator($"article.tile[data-bed='{Beds[1]}']");
        await Assertions.Expect(mediumTile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bacuity-medium\b"));

        const string BorderContrast = "t => { const s = getComputedStyle(t); return window.contrast(s.borderTopColor, s.backgroundColor); }";
        var highBorder = await highTile.EvaluateAsync<double>(BorderContrast);
        var mediumBorder = await mediumTile.EvaluateAsync<double>(BorderContrast);
        Assert.That(highBorder, Is.GreaterThanOrEqualTo(4.5), "a high tile's border");
        Assert.That(highBorder, Is.GreaterThan(mediumBorder), "high stands out more than medium");

        var flashing = nurse.Locator("li.alert.flash").First;
        await Assertions.Expect(flashing).ToBeVisibleAsync();
        var phases = await flashing.EvaluateAsync<double>("""
            li => {
              const animation = li.getAnimations()[0];
              animation.pause();
              animation.currentTime = 250;
              const one = getComputedStyle(li).outlineColor;
              animation.currentTime = 750;
              const other = getComputedStyle(li).outlineColor;
              animation.play();
              return window.contrast(one, other);
            }
            """);
        Assert.That(phases, Is.GreaterThanOrEqualTo(3), "the flash's two phases");

        var rr = highTile.Locator("dd[data-rr]");
        await Assertions.Expect(rr).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bflag\b"));
        Assert.That(await rr.EvaluateAsync<string>("d => getComputedStyle(d).outlineStyle"), Is.EqualTo("solid"), "an abnormal value is boxed, not only coloured");
        Assert.That(await mediumTile.Locator("dd[data-spo2]").EvaluateAsync<string>("d => getComputedStyle(d).outlineStyle"), Is.EqualTo("none"), "a normal value is not");
        await AssertAccessibleAsync(nurse, "board with a high and a medium tile");
        await ScreenshotAsync(nurse, "board-salience-1024");

        // The screen's own way of saying the link is lost (the service stays up for the other tests).
        await nurse.EvaluateAsync("async () => { const { app } = await import('/js/app.js'); app.status('lost'); }");
        var banner = nurse.Locator("#connection");
        await Assertions.Expect(banner).ToContainTextAsync("Live connection lost");
        var bannerContrast = await banner.EvaluateAsync<double[]>("b => { const s = getComputedStyle(b); return [window.contrast(s.backgroundColor, getComputedStyle(document.body).backgroundColor), window.contrast(s.backgroundColor, s.color)]; }");
        Assert.That(bannerContrast, Is.All.GreaterThanOrEqualTo(4.5), "the lost banner against the page, and its text");
        await nurse.Context.CloseAsync();
    }
}
