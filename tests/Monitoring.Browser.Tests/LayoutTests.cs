namespace Monitoring.Browser.Tests;

/// <summary>Layout and touch at the sizes a ward uses, and axe-core on every page.</summary>
[NonParallelizable]
public sealed class LayoutTests : BrowserSession
{
    [Test]
    public async Task Board_and_forms_fit_and_every_target_is_at_least_44_px_on_a_tablet_and_a_phone()
    {
        var admission = await AdmitAsync(0, "Sasha Layout");
        await ChartVitalsAsync(admission, rr: 8, poss: "3");
        foreach (var size in new[] { Tablet, Phone })
        {
            var nurse = await SignInAsync("nurse", size);
            await OpenAsync(nurse, $"#/ward/{Ward}");
            await nurse.Locator("li.alert").First.WaitForAsync();
            var header = (await nurse.Locator("header.top").BoundingBoxAsync())!;
            Assert.That(header.Height, Is.LessThanOrEqualTo(size == Phone ? 110 : 70), $"header height at {size.Width}");
            await AssertNoSidewaysScrollAsync(nurse);
            await AssertTouchTargetsAsync(nurse);
            var gaps = await nurse.EvaluateAsync<double[]>(@"() => { const links = [...document.querySelectorAll('article.tile .actions a')]; const out = [];
                for (let i = 1; i < links.length; i++) { const a = links[i - 1].getBoundingClientRect(), b = links[i].getBoundingClientRect();
                  if (a.top === b.top && links[i - 1].parentElement === links[i].parentElement) out.push(b.left - a.right); } return out; }");
            Assert.That(gaps, Is.Not.Empty);
            Assert.That(gaps.Min(), Is.GreaterThanOrEqualTo(8), "tile links are spaced apart");

            await OpenAsync(nurse, $"#/admission/{admission}/vitals");
            var select = (await nurse.GetByLabel("Sedation (POSS)").BoundingBoxAsync())!;
            var form = (await nurse.Locator("#vitals-form").BoundingBoxAsync())!;
            Assert.That(select.X + select.Width, Is.LessThanOrEqualTo(form.X + form.Width), "the POSS select stays inside the form");
            await AssertNoSidewaysScrollAsync(nurse);
            await AssertTouchTargetsAsync(nurse, "main");
            await ScreenshotAsync(nurse, $"vitals-form-{size.Width}");
            await nurse.Context.CloseAsync();
        }
    }

    [Test]
    public async Task Axe_core_finds_no_serious_or_critical_violation_on_any_page()
    {
        var admission = await AdmitAsync(3, "Toni Axe");
        await ChartVitalsAsync(admission, rr: 7, poss: "3");
        await ChartCowsAsync(admission, each: 2);
        foreach (var size in new[] { Wall, Tablet, Phone })
        {
            var nurse = await SignInAsync("nurse", size);
            await OpenAsync(nurse, $"#/ward/{Ward}");
            await nurse.Locator("li.alert").First.WaitForAsync();
            await AssertAccessibleAsync(nurse, $"board at {size.Width}");
            await OpenAsync(nurse, $"#/ward/{Ward}/census");
            await nurse.Locator("#occupancy").WaitForAsync();
            await AssertAccessibleAsync(nurse, $"census at {size.Width}");
            await AssertNoSidewaysScrollAsync(nurse);
            await ScreenshotAsync(nurse, $"census-{size.Width}");
            await OpenAsync(nurse, $"#/admission/{admission}");
            await nurse.Locator(".chart canvas").First.WaitForAsync();
            await AssertAccessibleAsync(nurse, $"patient page at {size.Width}");
            await OpenAsync(nurse, $"#/admission/{admission}/vitals");
            await nurse.Locator("#vitals-form").WaitForAsync();
            await AssertAccessibleAsync(nurse, $"vitals form at {size.Width}");
            await OpenAsync(nurse, $"#/admission/{admission}/cows");
            await nurse.Locator("#cows-form").WaitForAsync();
            await AssertAccessibleAsync(nurse, $"COWS form at {size.Width}");
            await nurse.Context.CloseAsync();
        }
        var manager = await SignInAsync("manager", Wall);
        await OpenAsync(manager, $"#/ward/{Ward}");
        await manager.Locator("article.tile").First.WaitForAsync();
        await AssertAccessibleAsync(manager, "manager's board");
        await manager.Context.CloseAsync();
    }
}
