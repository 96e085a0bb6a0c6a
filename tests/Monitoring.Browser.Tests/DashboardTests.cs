using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

[NonParallelizable]
public sealed partial class DashboardTests : BrowserSession
{


    [Test, Order(1)]
    public async Task Nurse_charts_rr_7_with_poss_3_and_the_physician_board_shows_and_acknowledges_it()
    {
        var admission = await AdmitAsync(0, "Robin Example");
        var physician = await SignInAsync("physician", Wall);
        await OpenAsync(physician, $"#/ward/{Ward}");
        await Assertions.Expect(physician.Locator($"article[data-bed='{Beds[0]}']")).ToBeVisibleAsync(FewSeconds);

        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        // Scoped to the form: the board behind it names its respiratory-rate trend too.
        await nurse.Locator("#vitals-form").GetByLabel("Respiratory rate").FillAsync("7");
        await nurse.GetByLabel("SpO2 (%)").FillAsync("96");
        await nurse.GetByLabel("Systolic BP").FillAsync("118");
        await nurse.GetByLabel("Diastolic BP").FillAsync("76");
        await nurse.GetByLabel("Heart rate").FillAsync("64");
        await nurse.GetByLabel("Temperature").FillAsync("36.6");
        await nurse.GetByLabel("Air or oxygen").SelectOptionAsync("false");
        await nurse.GetByLabel("Consciousness (ACVPU)").SelectOptionAsync("A");
        await nurse.GetByLabel("Sedation (POSS)").SelectOptionAsync("3");
        await Assertions.Expect(nurse.Locator("#news2-summary")).ToContainTextAsync("NEWS2 3");
        await Assertions.Expect(nurse.Locator("[data-score-for=respiratoryRate]")).ToHaveTextAsync("scores 3");
        await ScreenshotAsync(nurse, "charting-form");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Respiratory rate 7/min");

        var alert = physician.Locator("li.alert[data-code='respiratory-depression']");
        await Assertions.Expect(alert).ToBeVisibleAsync(FewSeconds);
        await Assertions.Expect(alert).ToContainTextAsync("HIGH");
        await Assertions.Expect(alert).ToContainTextAsync("Respiratory rate 7/min (≤ 8) with POSS 3");
        await Assertions.Expect(alert).ToHaveClassAsync(FlashClass());
        await Assertions.Expect(physician.Locator($"article[data-bed='{Beds[0]}'] [data-news2]")).ToHaveTextAsync("3", new() { Timeout = 10_000 });
        await ScreenshotAsync(physician, "board");

        await OpenAsync(nurse, $"#/ward/{Ward}");
        var nurseAlert = nurse.Locator("li.alert[data-code='respiratory-depression']");
        await Assertions.Expect(nurseAlert).ToBeVisibleAsync(FewSeconds);

        await alert.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(alert).ToContainTextAsync("acknowledged");
        await Assertions.Expect(nurseAlert).ToContainTextAsync("Acknowledged by physician");
        await Assertions.Expect(alert).Not.ToHaveClassAsync(FlashClass());
        await physician.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }

    [Test, Order(2)]
    public async Task Range_errors_from_the_api_appear_next_to_the_field()
    {
        var admission = await AdmitAsync(1, "Sam Example");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        await nurse.GetByLabel("SpO2 (%)").FillAsync("140");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-error-for=spo2]")).ToHaveTextAsync("SpO2 must be between 50 and 100 %; 140 was entered.");
        // Tied to its field for a screen reader: the field is invalid and described by the message.
        var spo2 = nurse.GetByLabel("SpO2 (%)");
        await Assertions.Expect(spo2).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(spo2).ToHaveAccessibleDescriptionAsync("SpO2 must be between 50 and 100 %; 140 was entered.");
        await spo2.FillAsync("97");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();
        await Assertions.Expect(spo2).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await nurse.Context.CloseAsync();
    }

    [Test, Order(3)]
    public async Task Patient_page_plots_the_trends_and_strikes_through_entries_in_error()
    {
        var admission = await AdmitAsync(2, "Jamie Example", TimeSpan.FromHours(9));
        using var api = await ApiAsAsync("nurse");
        for (var hoursAgo = 8; hoursAgo >= 0; hoursAgo -= 2)
        {
            await SendAsync(api, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.AddSeconds(-hoursAgo).ToString("O"), respiratoryRate = 12 + hoursAgo, spo2 = 96, onOxygen = false, systolicBp = 120, diastolicBp = 80, heartRate = 70 + hoursAgo, temperatureC = 36.7, consciousness = "A", sedation = "1" });
            await SendAsync(api, $"/api/admissions/{admission}/cows", new { observedAt = DateTimeOffset.UtcNow.AddSeconds(-hoursAgo).ToString("O"), items = new { restingPulseBpm = 90, sweating = 2, restlessness = 1, pupilSize = 1, boneJointAches = 2, runnyNoseTearing = 1, giUpset = 2, tremor = 1, yawning = 1, anxietyIrritability = 2, goosefleshSkin = 0 } });
        }
        var wrong = await SendAsync(api, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = 40 });
        await SendAsync(api, $"/api/observations/{wrong["id"]}/entered-in-error", new { reason = "Charted on the wrong patient" });

        var physician = await SignInAsync("physician", Wall);
        await OpenAsync(physician, $"#/admission/{admission}");
        await Assertions.Expect(physician.Locator(".chart[data-chart='cows'] canvas")).ToBeVisibleAsync(FewSeconds);
        Assert.That(await physician.Locator(".chart canvas").CountAsync(), Is.EqualTo(9));
        var struck = physician.Locator($"tr.entered-in-error[data-observation='{wrong["id"]}']");
        await Assertions.Expect(struck).ToContainTextAsync("Charted on the wrong patient");
        Assert.That(await struck.EvaluateAsync<string>("row => getComputedStyle(row.cells[0]).textDecorationLine"), Is.EqualTo("line-through"));
        await ScreenshotAsync(physician, "patient");
        await physician.Context.CloseAsync();
    }

    [Test, Order(4)]
    public async Task Census_counts_agree_with_the_api()
    {
        var manager = await SignInAsync("manager", Wall);
        await OpenAsync(manager, $"#/ward/{Ward}/census");
        using var api = await ApiAsAsync("manager");
        var census = (await api.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/census"))!;

        await Assertions.Expect(manager.Locator("#occupancy")).ToHaveTextAsync($"{census["occupied"]} / {census["capacity"]}");
        await Assertions.Expect(manager.Locator("#overdue")).ToHaveTextAsync($"{census["overdueObservations"]}");
        var activeHigh = manager.Locator("section:has(h2:text('Active alerts')) dd[data-count='High']");
        await Assertions.Expect(activeHigh).ToHaveTextAsync($"{census["activeAlerts"]!["high"]}");
        var lowMedium = manager.Locator("section:has(h2:text('NEWS2 bands')) dd[data-count='Low-medium']");
        await Assertions.Expect(lowMedium).ToHaveTextAsync($"{census["news2Bands"]!["lowMedium"]}");
        await ScreenshotAsync(manager, "census");
        await manager.Context.CloseAsync();
    }

    [Test, Order(5)]
    public async Task Reload_keeps_the_user_signed_in_on_the_same_ward()
    {
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await Assertions.Expect(nurse.Locator("#beds-title")).ToHaveTextAsync($"Ward {Ward}");
        await nurse.ReloadAsync();
        await Assertions.Expect(nurse.Locator("#beds-title")).ToHaveTextAsync($"Ward {Ward}");
        await Assertions.Expect(nurse.Locator("#who")).ToContainTextAsync($"nurse-{Ward}");
        await nurse.Context.CloseAsync();
    }

    [Test, Order(6)]
    public async Task Board_recovers_after_the_service_restarts_and_shows_alerts_raised_meanwhile()
    {
        var admission = await AdmitAsync(3, "Casey Example");
        var physician = await SignInAsync("physician", Phone);
        await OpenAsync(physician, $"#/ward/{Ward}");
        await Assertions.Expect(physician.Locator($"article[data-bed='{Beds[3]}']")).ToBeVisibleAsync(FewSeconds);

        Service.Kill();
        await Assertions.Expect(physician.Locator("#connection")).ToContainTextAsync("Live connection lost", new() { Timeout = 40_000 });
        // The banner stays in sight wherever the board is scrolled, and every tile says it is not live.
        await physician.Mouse.WheelAsync(0, 3000);
        Assert.That(await PollAsync(() => physician.EvaluateAsync<double>("() => window.scrollY"), y => y > 0), Is.GreaterThan(0), "the board is long enough to scroll");
        var banner = (await physician.Locator("#connection").BoundingBoxAsync())!;
        Assert.That(banner.Y, Is.InRange(0, 5), "the lost-connection banner is at the top of the screen");
        await Assertions.Expect(physician.Locator($"article[data-bed='{Beds[3]}'] .stale")).ToContainTextAsync("Not live since");
        Assert.That(await physician.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('article.tile')).filter"), Does.Contain("grayscale"));
        await ScreenshotAsync(physician, "board-not-live-390");
        await Service.StartAgainAsync();
        using (var api = await ApiAsAsync("nurse"))
        {
            await SendAsync(api, $"/api/admissions/{admission}/vitals", new { observedAt = DateTimeOffset.UtcNow.ToString("O"), respiratoryRate = 6, spo2 = 90, onOxygen = false, systolicBp = 100, diastolicBp = 60, heartRate = 52, temperatureC = 36.0, consciousness = "P", sedation = "4" });
        }

        var alert = physician.Locator($"li.alert[data-code='respiratory-depression'][data-bed='{Beds[3]}']");
        await Assertions.Expect(alert).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(physician.Locator("#connection")).ToContainTextAsync("caught up", new() { Timeout = 30_000 });
        await Assertions.Expect(physician.Locator(".stale")).ToHaveCountAsync(0);
        await physician.Context.CloseAsync();
    }

    [Test]
    public async Task A_skip_link_is_the_first_stop_and_takes_the_keyboard_to_the_view_without_leaving_it()
    {
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/ward/{Ward}");
        await Assertions.Expect(nurse.Locator("#beds-title")).ToBeVisibleAsync();
        // The view takes the focus once it has loaded; only then does the keyboard start again from the top.
        await Assertions.Expect(nurse.Locator("main#view")).ToBeFocusedAsync();
        // As after the address bar: the keyboard starts from the top of the document.
        await nurse.EvaluateAsync("() => { document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); }");
        await nurse.Keyboard.PressAsync("Tab");
        var skip = nurse.Locator(".skip-link");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        Assert.That((await skip.BoundingBoxAsync())!.Y, Is.GreaterThanOrEqualTo(0), "in sight once focused");
        await nurse.Keyboard.PressAsync("Enter");
        await Assertions.Expect(nurse.Locator("main#view")).ToBeFocusedAsync();
        Assert.That(new Uri(nurse.Url).Fragment, Is.EqualTo($"#/ward/{Ward}"), "still on the board");
        await nurse.Context.CloseAsync();
    }

    [GeneratedRegex("flash")]
    private static partial Regex FlashClass();
}
