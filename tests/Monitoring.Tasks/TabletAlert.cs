using System.Diagnostics;
using Microsoft.Playwright;
using Monitoring.Browser.Tests;

namespace Monitoring.Tasks;

/// <summary>
/// Task 2, a physician's tablet (1024×768): the newest high alert (respiratory depression) found in the alert
/// list, acknowledged, then resolved with a note.
/// </summary>
internal static class TabletAlert
{
    public static readonly (int Width, int Height) Tablet = (1024, 768);

    private const string RowBeds = "() => [...document.querySelectorAll('#alert-list > li.patient')].map((li) => li.dataset.bed)";

    public static async Task<TaskResult> RunAsync(IBrowser browser, Uri service, Scenario scenario)
    {
        var page = await Chromium.SignInAsync(browser, service, scenario.User("physician"), Scenario.Password, Tablet);
        try
        {
            var user = new ScriptedUser(page);
            await user.StartMeteringAsync();
            var seen = new Dictionary<string, object>();
            var problems = new List<string>();
            var bed = scenario.NewestDepressionBed;
            var alert = page.Locator($"#alert-list li.patient[data-bed='{bed}'] li.alert[data-code='respiratory-depression']");

            var clock = Stopwatch.StartNew();
            await Chromium.OpenAsync(page, $"#/ward/{scenario.Ward}");
            await alert.WaitForAsync();
            var id = await alert.GetAttributeAsync("data-alert");
            var before = await page.EvaluateAsync<string[]>(RowBeds);
            seen["openAlerts"] = await page.Locator("#alert-list li.alert").CountAsync();
            seen["patientRows"] = before.Length;
            seen["rowPosition"] = Array.IndexOf(before, bed) + 1;
            seen["alertPosition"] = await page.EvaluateAsync<int>("id => [...document.querySelectorAll('#alert-list li.alert')].findIndex((li) => li.dataset.alert === id) + 1", id);
            seen["alertPxDown"] = await alert.EvaluateAsync<int>("e => Math.round(e.getBoundingClientRect().top + scrollY)");

            await user.TapAsync(alert.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }));
            await Assertions.Expect(alert).ToHaveAttributeAsync("data-status", "acknowledged");
            seen["pxByItselfOnAcknowledge"] = Math.Round(await user.ScrolledByItselfAsync());
            var after = await page.EvaluateAsync<string[]>(RowBeds);
            seen["rowPositionAfterAcknowledge"] = Array.IndexOf(after, bed) + 1;
            seen["focusKeptInRow"] = await Chromium.PollAsync(
                () => page.EvaluateAsync<bool>("bed => document.activeElement?.closest('li.patient')?.dataset.bed === bed", bed), kept => kept);
            seen["inSightAfterAcknowledge"] = await alert.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }");

            await user.TapAsync(alert.GetByRole(AriaRole.Button, new() { Name = "Resolve…" }));
            var note = alert.Locator("input[data-note]");
            seen["pxByItselfOnResolveOpen"] = Math.Round(await user.ScrolledByItselfAsync() - (double)seen["pxByItselfOnAcknowledge"]);
            // The note is typed once it is in sight: a field half under the screen's edge is swiped to first.
            if (!await user.BringIntoSightAsync(note))
            {
                problems.Add("the note field could not be brought into sight");
            }
            if (!await note.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                await user.TapAsync(note);
            }
            var beforeTyping = await user.ScrolledByItselfAsync();
            await user.TypeAsync("Naloxone 400 mcg IM, RR 14 at review");
            seen["pxByItselfWhileTyping"] = Math.Round(await user.ScrolledByItselfAsync() - beforeTyping);
            await user.TapAsync(alert.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }));
            await Assertions.Expect(page.Locator($"#alert-list li.alert[data-alert='{id}']")).ToHaveCountAsync(0);
            clock.Stop();

            if ((int)seen["rowPositionAfterAcknowledge"] != (int)seen["rowPosition"])
            {
                problems.Add($"the row moved from {seen["rowPosition"]} to {seen["rowPositionAfterAcknowledge"]} when acknowledged");
            }
            var scrolledItself = await user.ScrolledAsync() - user.SwipedPx;
            if (scrolledItself > 100)
            {
                problems.Add($"the page scrolled {scrolledItself:F0} px by itself");
            }
            return await TaskResult.OfAsync("acknowledge then resolve the newest high alert", "tablet 1024×768", clock.Elapsed, user, seen, problems);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
