using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Browser.Tests;

/// <summary>Forms drawn from GET /api/scales: a CIWA-Ar charted from its served form, and NEWS2 scored in the browser as the API scores it.</summary>
[NonParallelizable]
public sealed class ScaleFormTests : BrowserSession
{

    private async Task<string> AdmitAsync(int bed, string name, params string[] substances)
    {
        using var nurse = await ApiAsAsync("nurse");
        var admission = await SendAsync(nurse, "/api/admissions", new { mrn = Guid.NewGuid().ToString("N")[..10], displayName = name, dateOfBirth = "1972-08-19", ward = Ward, bed = Beds[bed], substances, admittedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        return (string)admission["id"]!;
    }

    [Test]
    public async Task A_scale_described_as_data_is_charted_from_its_served_form_on_a_ward_that_chose_it()
    {
        using (var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword)))
        {
            var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/settings"))!;
            settings["opioidScale"] = "sows";
            using var changed = await admin.PutAsJsonAsync($"/api/wards/{Ward}/settings", settings);
            Assert.That(changed.IsSuccessStatusCode, Is.True, await changed.Content.ReadAsStringAsync());
        }
        try
        {
            await AdmitAsync(6, "Robin Example", "opioid");
            var nurse = await SignInAsync("nurse");
            await OpenAsync(nurse, $"#/ward/{Ward}");
            var tile = nurse.Locator($"article[data-bed='{Beds[6]}']");
            await tile.GetByRole(AriaRole.Link, new() { Name = "Chart SOWS" }).ClickAsync(new() { Timeout = 5_000 });

            var form = nurse.Locator("form[data-scale='sows']");
            await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
            Assert.That(await form.Locator("fieldset[data-item]").CountAsync(), Is.EqualTo(6));
            await Assertions.Expect(form.Locator("fieldset[data-item='anxious']")).ToContainTextAsync("extremely");
            foreach (var item in new[] { "anxious", "yawning", "perspiring", "goosePimples", "musclesAche", "feelLikeUsing" })
            {
                await form.Locator($"fieldset[data-item='{item}'] input[value='3']").CheckAsync();
            }
            await Assertions.Expect(nurse.Locator("#assessment-summary")).ToContainTextAsync("SOWS 18");
            await nurse.GetByRole(AriaRole.Button, new() { Name = "Save SOWS" }).ClickAsync();
            await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("SOWS 18 (≥ 17): review withdrawal treatment");

            await OpenAsync(nurse, $"#/ward/{Ward}");
            var score = nurse.Locator($"article[data-bed='{Beds[6]}'] [data-score='sows']");
            await Assertions.Expect(score).ToHaveTextAsync("18", new() { Timeout = 10_000 });
            await Assertions.Expect(score).ToHaveClassAsync("flag");
            await Assertions.Expect(nurse.Locator($"article[data-bed='{Beds[6]}']")).ToContainTextAsync("Severe opioid withdrawal (SOWS)");
            await nurse.Context.CloseAsync();
        }
        finally
        {
            using var admin = Service.CreateClient(await TokenAsync("admin", ServiceProcess.AdminPassword));
            var settings = (await admin.GetFromJsonAsync<JsonObject>($"/api/wards/{Ward}/settings"))!;
            settings["opioidScale"] = "cows";
            using var restored = await admin.PutAsJsonAsync($"/api/wards/{Ward}/settings", settings);
        }
    }

    [Test]
    public async Task Nurse_charts_a_ciwa_ar_from_the_served_form_and_the_board_shows_it()
    {
        var admission = await AdmitAsync(0, "Morgan Example", "alcohol");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var tile = nurse.Locator($"article[data-bed='{Beds[0]}']");
        await Assertions.Expect(tile.GetByRole(AriaRole.Link, new() { Name = "Chart CIWA-Ar" })).ToBeVisibleAsync(FewSeconds);
        await tile.GetByRole(AriaRole.Link, new() { Name = "Chart CIWA-Ar" }).ClickAsync();

        var form = nurse.Locator("form[data-scale='ciwa-ar']");
        await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
        Assert.That(await form.Locator("fieldset[data-item]").CountAsync(), Is.EqualTo(10));
        Assert.That(await form.Locator("fieldset[data-item='orientation'] input[type=radio]").CountAsync(), Is.EqualTo(5));
        var scores = new Dictionary<string, int>
        {
            ["nauseaVomiting"] = 4,
            ["tremor"] = 4,
            ["paroxysmalSweats"] = 2,
            ["anxiety"] = 3,
            ["agitation"] = 2,
            ["tactileDisturbances"] = 1,
            ["auditoryDisturbances"] = 0,
            ["visualDisturbances"] = 0,
            ["headache"] = 1,
            ["orientation"] = 0,
        };
        foreach (var (item, score) in scores)
        {
            await form.Locator($"fieldset[data-item='{item}'] input[value='{score}']").CheckAsync();
        }
        await Assertions.Expect(nurse.Locator("#assessment-summary")).ToContainTextAsync("CIWA-Ar 17");
        await Assertions.Expect(nurse.Locator("#assessment-summary")).ToContainTextAsync("Severe");
        await ScreenshotAsync(nurse, "ciwa-ar-form");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save CIWA-Ar" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Saved. CIWA-Ar 17");
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("CIWA-Ar 17 (≥ 16): severe alcohol withdrawal");

        using var api = await ApiAsAsync("nurse");
        var timeline = (await api.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline"))!;
        var charted = timeline["entries"]!.AsArray().Single(e => (string?)e!["type"] == "ciwa-ar")!["assessment"]!;
        Assert.That((int?)charted["total"], Is.EqualTo(17));
        Assert.That(scores.All(pair => (int?)charted["items"]![pair.Key] == pair.Value), Is.True, charted.ToJsonString());

        await OpenAsync(nurse, $"#/ward/{Ward}");
        await Assertions.Expect(nurse.Locator($"article[data-bed='{Beds[0]}'] [data-score='ciwa-ar']")).ToHaveTextAsync("17", new() { Timeout = 10_000 });
        await Assertions.Expect(nurse.Locator($"article[data-bed='{Beds[0]}'] svg.spark")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("CIWA-Ar 17"));
        await OpenAsync(nurse, $"#/admission/{admission}");
        await Assertions.Expect(nurse.Locator(".chart[aria-label='CIWA-Ar over time'] canvas")).ToBeVisibleAsync(FewSeconds);
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task A_refused_item_is_shown_beside_it()
    {
        var admission = await AdmitAsync(1, "Taylor Example", "alcohol", "opioid");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/ciwa-ar");
        var form = nurse.Locator("form[data-scale='ciwa-ar']");
        await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
        await form.Locator("fieldset[data-item='tremor'] input[value='3']").CheckAsync();
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save CIWA-Ar" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-error-for='items.headache']")).ToHaveTextAsync("Score this item.");
        await Assertions.Expect(nurse.Locator("[data-error-for='items.tremor']")).ToHaveTextAsync("");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task Cows_form_is_drawn_from_the_served_scale_and_scores_the_pulse()
    {
        var admission = await AdmitAsync(2, "Jordan Example", "opioid");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/cows");
        var form = nurse.Locator("form[data-scale='cows']");
        await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
        await nurse.Locator("#restingPulseBpm").FillAsync("101");
        Assert.That(await form.Locator("fieldset[data-item='restingPulseRate'] input[value='2']").IsCheckedAsync(), Is.True);
        foreach (var item in new[] { "sweating", "restlessness", "pupilSize", "boneJointAches", "runnyNoseTearing", "giUpset", "tremor", "yawning", "anxietyIrritability", "goosefleshSkin" })
        {
            await form.Locator($"fieldset[data-item='{item}'] input[value='0']").CheckAsync();
        }
        await Assertions.Expect(nurse.Locator("#assessment-summary")).ToContainTextAsync("COWS 2");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save COWS" }).ClickAsync();
        await Assertions.Expect(nurse.Locator("#result")).ToContainTextAsync("Saved. COWS 2");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task Cows_at_the_induction_threshold_warns_before_save_which_alert_it_raises()
    {
        var admission = await AdmitAsync(4, "Riley Example", "opioid");
        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/cows");
        var form = nurse.Locator("form[data-scale='cows']");
        await Assertions.Expect(form).ToBeVisibleAsync(FewSeconds);
        var preview = form.Locator("#alert-preview");
        await Assertions.Expect(preview).ToHaveAttributeAsync("aria-live", "polite");
        // 4 + 3 + 1 = 8, the ward's induction threshold; every other item 0.
        var scores = new Dictionary<string, int> { ["sweating"] = 4, ["giUpset"] = 3, ["yawning"] = 1 };
        var items = new[] { "restingPulseRate", "sweating", "restlessness", "pupilSize", "boneJointAches", "runnyNoseTearing", "giUpset", "tremor", "yawning", "anxietyIrritability", "goosefleshSkin" };
        foreach (var item in items.SkipLast(1))
        {
            await form.Locator($"fieldset[data-item='{item}'] input[value='{scores.GetValueOrDefault(item)}']").CheckAsync();
        }
        // Nothing is previewed while an item is still unscored.
        await Assertions.Expect(form.Locator("#assessment-summary")).ToContainTextAsync("1 items left");
        await Assertions.Expect(preview).ToBeEmptyAsync();
        await form.Locator($"fieldset[data-item='{items[^1]}'] input[value='0']").CheckAsync();

        await Assertions.Expect(form.Locator("#assessment-summary")).ToContainTextAsync("COWS 8");
        await Assertions.Expect(preview).ToContainTextAsync("Saving will raise:", new() { Timeout = 10_000 });
        await Assertions.Expect(preview.Locator("li[data-preview='induction-threshold']")).ToContainTextAsync("COWS 8 (≥ 8)");
        await Assertions.Expect(form.GetByRole(AriaRole.Button, new() { Name = "Save COWS" })).ToBeEnabledAsync();

        using var api = await ApiAsAsync("nurse");
        var before = (await api.GetFromJsonAsync<JsonObject>($"/api/admissions/{admission}/timeline"))!;
        Assert.That(before["entries"]!.AsArray().Count(e => (string?)e!["type"] == "cows"), Is.Zero, "the preview stores nothing");

        await form.GetByRole(AriaRole.Button, new() { Name = "Save COWS" }).ClickAsync();
        await Assertions.Expect(form.Locator("#result")).ToContainTextAsync("Saved. COWS 8");
        await Assertions.Expect(form.Locator("#result")).ToContainTextAsync("COWS 8 (≥ 8)");
        await nurse.Context.CloseAsync();
    }

    [Test]
    public async Task Live_news2_in_the_browser_equals_the_api_on_the_boundary_cases()
    {
        var admission = await AdmitAsync(3, "Casey Example", "opioid");
        int[] rr = [8, 9, 11, 12, 20, 21, 24, 25, 16, 16];
        int[] spo2 = [91, 92, 93, 94, 95, 96, 97, 100, 50, 96];
        int[] sbp = [90, 91, 100, 101, 110, 111, 219, 220, 40, 300];
        int[] hr = [40, 41, 50, 51, 90, 91, 110, 111, 130, 131];
        decimal[] temperature = [35.0m, 35.1m, 36.0m, 36.05m, 36.1m, 38.0m, 38.1m, 39.0m, 39.1m, 35.04m];
        string[] consciousness = ["A", "C", "A", "V", "A", "P", "A", "U", "A", "A"];
        var sets = Enumerable.Range(0, rr.Length).Select(i => new Dictionary<string, object>
        {
            ["respiratoryRate"] = rr[i],
            ["spo2"] = spo2[i],
            ["onOxygen"] = i % 2 == 1,
            ["systolicBp"] = sbp[i],
            ["diastolicBp"] = 30,
            ["heartRate"] = hr[i],
            ["temperatureC"] = temperature[i],
            ["consciousness"] = consciousness[i],
        }).ToList();

        var nurse = await SignInAsync("nurse");
        await OpenAsync(nurse, $"#/admission/{admission}/vitals");
        await Assertions.Expect(nurse.Locator("#vitals-form")).ToBeVisibleAsync(FewSeconds);
        // Playwright marks objects with "$id" when it hands them back; those are not scores.
        var browser = await nurse.EvaluateAsync<JsonElement>("""
            async (sets) => {
              const news2 = await import("/js/news2.js");
              const scales = await import("/js/scales.js");
              const table = (await scales.load()).news2;
              return sets.map((values) => news2.score(table, values, 1));
            }
            """, sets);

        using var api = await ApiAsAsync("nurse");
        for (var i = 0; i < sets.Count; i++)
        {
            var body = new Dictionary<string, object>(sets[i]) { ["observedAt"] = DateTimeOffset.UtcNow.AddMinutes(-30 + i).ToString("O") };
            var saved = await SendAsync(api, $"/api/admissions/{admission}/vitals", body);
            var server = saved["news2"]!;
            var live = browser[i];
            var serverScores = server["parameters"]!.AsObject().ToDictionary(p => p.Key == "airOrOxygen" ? "onOxygen" : p.Key, p => (int)p.Value!);
            var liveScores = live.GetProperty("scores").EnumerateObject().Where(p => !p.Name.StartsWith('$')).ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.That(liveScores, Is.EquivalentTo(serverScores), $"set {i}: {JsonSerializer.Serialize(sets[i])}");
            Assert.That(live.GetProperty("total").GetInt32(), Is.EqualTo((int)server["total"]!), $"set {i}");
            Assert.That(live.GetProperty("band").GetString(), Is.EqualTo((string?)server["band"]), $"set {i}");
        }
        await nurse.Context.CloseAsync();
    }
}
